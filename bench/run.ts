/**
 * `npm run bench`: every section, one report. Writes docs/benchmarks.md and prints a
 * summary. `--quick` uses small sizes (a smoke run); `--only=capture,store` picks sections.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCapture, type CaptureOptions, type SizeResult } from './capture';
import { describeMachine } from './machine';
import { ROOT } from './proc';
import { summarizeProfile, type ProfileSummary } from './profile';
import { renderReport, type Report, type SectionResult } from './report';
import { EXTRA_SECTIONS } from './sections';
import { generateStore, measureStore, type GenerateResult } from './store';
import type { StoreMeasurement } from './store-child';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? path.join(ROOT, 'docs/benchmarks.md');
const wants = (name: string) => !only || only.includes(name);
const sizesArg = args.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length).split(',').map(Number);
const roundsArg = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length)) || undefined;

const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-bench-'));
  const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const report: Report = { machine: describeMachine(sqlite), quick, sections: [] };
  try {
    if (wants('capture')) {
      const o: CaptureOptions = {
        sizes: sizesArg ?? [1024, 100 * 1024],
        // Short runs, many rounds: on a shared machine the load shifts within seconds, and
        // only runs close together in time make a fair ratio.
        rounds: roundsArg ?? (quick ? 2 : 6),
        seconds: quick ? 1 : 2,
        warmupSeconds: 1,
        connections: 32,
        scratchDir: scratch,
        profileDir: path.join(scratch, 'profile'),
      };
      log(`capture: ${o.sizes.join(', ')} bytes, ${o.rounds} rounds × ${o.seconds} s, ${o.connections} connections`);
      const results: SizeResult[] = await benchCapture(o, log);
      let profile: ProfileSummary | null = null;
      const prof = fs.existsSync(o.profileDir!) ? fs.readdirSync(o.profileDir!).find((f) => f.endsWith('.cpuprofile')) : undefined;
      if (prof) profile = summarizeProfile(path.join(o.profileDir!, prof));
      report.capture = { options: o, results, profile };
    }
    if (wants('store')) {
      const small = quick ? 2_000 : 10_000;
      const big = quick ? 100_000 : 1_000_000;
      const store: { gen: GenerateResult; m: StoreMeasurement }[] = [];
      for (const rows of [small, big]) {
        const dir = path.join(scratch, `store-${rows}`);
        log(`store: generating ${rows} requests…`);
        const gen = generateStore(dir, rows, log);
        log(`  inserted in ${Math.round(gen.insertMs)} ms, indexed in ${Math.round(gen.indexMs)} ms, ${gen.fileBytes} bytes`);
        // Median of three fresh processes for start-up; the latencies come from the middle one.
        const runs: StoreMeasurement[] = [];
        for (let i = 0; i < 3; i++) runs.push(await measureStore(dir, rows));
        runs.sort((a, b) => a.startupMs - b.startupMs);
        store.push({ gen, m: runs[1]! });
        log(`  start-up ${Math.round(runs[1]!.startupMs)} ms, rss ${Math.round(runs[1]!.rssAfterWorkBytes / 1e6)} MB`);
        fs.rmSync(dir, { recursive: true, force: true });
      }
      report.store = { small: store[0]!, big: store[1]! };
    }
    for (const section of EXTRA_SECTIONS) {
      if (!wants(section.id)) continue;
      log(`${section.id}: ${section.title}`);
      let result: SectionResult;
      try {
        result = await section.run({ quick, scratchDir: scratch, log });
      } catch (err) {
        result = { markdown: `**Failed in this run:** ${(err as Error).message.split('\n')[0]}`, summary: [`${section.id}: FAILED`] };
      }
      report.sections.push({ id: section.id, title: section.title, ...result });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  report.durationS = Math.round((Date.now() - started) / 1000);
  const { markdown, summary } = renderReport(report);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, markdown);
  console.log(summary);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} in ${report.durationS} s.`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
