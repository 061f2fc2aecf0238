/**
 * Capture throughput and latency under wrk: Hookbay (`hookbay serve`, every request
 * committed before its 200) against a bare Node server (the limit), mockttp recording
 * everything, and a hand-written express + better-sqlite3 receiver. Rounds interleave the
 * candidates (A, B, C, D, A, B, …); every figure is a median over rounds of a ratio to the
 * bare server measured in the same round.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { Floor } from './floor-child';
import { spawnNode, stop, SERVER_CPU, ROOT, type Child } from './proc';
import { median } from './stats';
import { runWrk, type WrkResult } from './wrk';

export type Candidate = 'bare' | 'hookbay' | 'mockttp' | 'express';
export const CANDIDATES: readonly Candidate[] = ['bare', 'hookbay', 'mockttp', 'express'];
export const CANDIDATE_LABEL: Record<Candidate, string> = {
  bare: 'bare Node http (reads body, 200)',
  hookbay: 'Hookbay (`hookbay serve`, durable)',
  mockttp: 'mockttp 4 (recording)',
  express: 'express 5 + better-sqlite3 (1 INSERT/request)',
};

export interface CaptureOptions {
  sizes: number[];
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  scratchDir: string;
  /** Write a CPU profile of Hookbay under the first size's load here. */
  profileDir?: string;
}

export interface CandidateRun extends WrkResult {
  recorded: number;
}

export interface SizeResult {
  size: number;
  /** Per candidate, one run per round. */
  runs: Record<Candidate, CandidateRun[]>;
  /** Medians over rounds of each run's ratio to the bare run of the same round. */
  throughputRatio: Record<Candidate, number>;
  p50Ratio: Record<Candidate, number>;
  p99Ratio: Record<Candidate, number>;
  medianPerSec: Record<Candidate, number>;
  medianP50: Record<Candidate, number>;
  medianP99: Record<Candidate, number>;
  /** Hookbay's per-request work without HTTP (derive + store), measured pinned in the same run. */
  floor: Floor | null;
}

/** Runs floor-child.ts pinned to the server CPU. */
function measureFloor(scratch: string, bodyFile: string, n: number): Promise<Floor> {
  const dataDir = fs.mkdtempSync(path.join(scratch, 'floor-'));
  return new Promise((resolve, reject) => {
    execFile(
      'taskset',
      ['-c', SERVER_CPU, process.execPath, path.join(__dirname, 'floor-child.js'), dataDir, bodyFile, String(n)],
      { timeout: 120_000 },
      (err, stdout, stderr) => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        const line = /^FLOOR (.*)$/m.exec(stdout);
        if (err || !line) return reject(new Error(`floor measurement failed: ${err?.message ?? ''}\n${stderr}`));
        resolve(JSON.parse(line[1]!) as Floor);
      },
    );
  });
}

/** A webhook-looking JSON document of about `size` bytes. */
export function jsonBody(size: number): Buffer {
  const doc = {
    id: 'evt_1QbENCH',
    type: 'invoice.paid',
    created: 1764237600,
    data: { object: { id: 'in_1', customer: 'cus_42', amount_paid: 4200, currency: 'eur', lines: [] as object[] } },
  };
  let i = 0;
  while (Buffer.byteLength(JSON.stringify(doc)) < size) {
    doc.data.object.lines.push({ id: `il_${i}`, description: `Seat licence ${i}`, amount: 1000 + i, qty: 1 });
    i++;
  }
  let text = JSON.stringify(doc);
  // Trim the last line item away if it overshot, then pad the description to hit the size exactly.
  if (text.length > size) {
    doc.data.object.lines.pop();
    text = JSON.stringify(doc);
  }
  const pad = size - text.length;
  return Buffer.from(text.replace('"customer":"cus_42"', `"customer":"cus_42${'x'.repeat(Math.max(0, pad))}"`));
}

interface Running {
  child: Child;
  port: number;
  recorded(): Promise<number>;
}

const TOKEN = 'bench-token-0123456789abcdef';

async function startCandidate(c: Candidate, scratch: string, profileDir?: string): Promise<Running> {
  if (c === 'hookbay') {
    const dataDir = fs.mkdtempSync(path.join(scratch, 'hookbay-'));
    const args = [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      path.join(ROOT, 'out/main/cli.js'),
      'serve',
      '--data',
      dataDir,
      '--port',
      '0',
      '--ui-port',
      '0',
      '--token',
      TOKEN,
    ];
    const child = spawnNode(args, SERVER_CPU);
    await child.waitFor(/^Ready\.$/m);
    const port = Number(/Receiver\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(child.output())![1]);
    return {
      child,
      port,
      recorded: async () => {
        await stop(child);
        const db = new Database(path.join(dataDir, 'hookbay.db'), { readonly: true });
        const n = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
        db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        return n;
      },
    };
  }
  const script = path.join(__dirname, `servers/${c === 'express' ? 'express-sqlite' : c}.js`);
  const child = spawnNode([script], SERVER_CPU);
  const port = Number((await child.waitFor(/^READY (\d+)$/m))[1]);
  return {
    child,
    port,
    recorded: async () => {
      // mockttp builds every recorded request (100 KB bodies included) to answer
      // getSeenRequests(): give it time, but a peer that cannot say what it kept must not
      // sink the whole run — its count is then reported as unknown.
      const done = child.waitFor(/^RECORDED (\d+)$/m, 180_000);
      child.child.kill('SIGTERM');
      try {
        return Number((await done)[1]);
      } catch {
        child.child.kill('SIGKILL');
        return NaN;
      } finally {
        await child.exited;
      }
    },
  };
}

async function runOnce(c: Candidate, o: CaptureOptions, bodyFile: string, profile: boolean): Promise<CandidateRun> {
  const server = await startCandidate(c, o.scratchDir, profile ? o.profileDir : undefined);
  try {
    const url = `http://127.0.0.1:${server.port}/bench/hook`;
    const common = { url, bodyFile, connections: o.connections, scratchDir: o.scratchDir };
    await runWrk({ ...common, seconds: o.warmupSeconds });
    const r = await runWrk({ ...common, seconds: o.seconds });
    const recorded = await server.recorded();
    return { ...r, recorded };
  } catch (err) {
    server.child.child.kill('SIGKILL');
    throw err;
  }
}

function medianRatio(runs: Record<Candidate, CandidateRun[]>, pick: (r: CandidateRun) => number): Record<Candidate, number> {
  const out = {} as Record<Candidate, number>;
  for (const c of CANDIDATES) out[c] = median(runs[c].map((r, i) => pick(r) / pick(runs.bare[i]!)));
  return out;
}

function medianOf(runs: Record<Candidate, CandidateRun[]>, pick: (r: CandidateRun) => number): Record<Candidate, number> {
  const out = {} as Record<Candidate, number>;
  for (const c of CANDIDATES) out[c] = median(runs[c].map(pick));
  return out;
}

export async function benchCapture(o: CaptureOptions, log: (s: string) => void): Promise<SizeResult[]> {
  const results: SizeResult[] = [];
  for (const [sizeIndex, size] of o.sizes.entries()) {
    const bodyFile = path.join(o.scratchDir, `body-${size}.json`);
    fs.writeFileSync(bodyFile, jsonBody(size));
    const runs = { bare: [], hookbay: [], mockttp: [], express: [] } as Record<Candidate, CandidateRun[]>;
    for (let round = 0; round < o.rounds; round++) {
      // Rotate the order each round so no candidate always runs right after the same one.
      const order = CANDIDATES.map((_, i) => CANDIDATES[(i + round) % CANDIDATES.length]!);
      for (const c of order) {
        const r = await runOnce(c, o, bodyFile, false);
        runs[c].push(r);
        log(
          `  ${size} B round ${round + 1}/${o.rounds} ${c.padEnd(7)} ${Math.round(r.perSec)} req/s p50 ${r.p50Ms.toFixed(2)} ms ` +
            `p99 ${r.p99Ms.toFixed(2)} ms recorded ${r.recorded}/${r.requests}${r.non2xx || r.errors ? ` non2xx ${r.non2xx} errors ${r.errors}` : ''}`,
        );
      }
    }
    let floor: Floor | null = null;
    try {
      floor = await measureFloor(o.scratchDir, bodyFile, size > 16 * 1024 ? 2000 : 20_000);
      log(`  floor at ${size} B: derive + store ${floor.storeUs.toFixed(1)} µs/request (derive ${floor.deriveUs.toFixed(1)} µs)`);
    } catch (err) {
      log(`  ${(err as Error).message}`);
    }
    if (o.profileDir && sizeIndex === 0) {
      log(`  profiling Hookbay at ${size} B…`);
      await runOnce('hookbay', o, bodyFile, true);
    }
    results.push({
      size,
      runs,
      throughputRatio: medianRatio(runs, (r) => r.perSec),
      p50Ratio: medianRatio(runs, (r) => r.p50Ms),
      p99Ratio: medianRatio(runs, (r) => r.p99Ms),
      medianPerSec: medianOf(runs, (r) => r.perSec),
      medianP50: medianOf(runs, (r) => r.p50Ms),
      medianP99: medianOf(runs, (r) => r.p99Ms),
      floor,
    });
  }
  return results;
}
