/**
 * Evidence for running the core in Electron's main process (docs/architecture.md): how long
 * does the core block its event loop under webhook load and under heavy UI queries?
 * The main process's event loop is what IPC, menus, tray and window management wait on.
 * Run: node scripts/measure/run.cjs  (bundles this file with esbuild and runs it under Node)
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Hookbay } from '../../src-main/core/hookbay';
import { createHandlers } from '../../src-main/core/service';
import { callOperation } from '../../src-main/core/transport';

const ms = (ns: number) => (ns / 1e6).toFixed(1);

async function main() {
  if (process.argv[2] === 'load') return load(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-measure-'));
  const app = await Hookbay.start({ dataDir, receiverPort: 0 }, { mode: 'desktop' });
  const handlers = createHandlers(app);
  const total = Number(process.env.N ?? 20000);
  const concurrency = Number(process.env.C ?? 32);

  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = fork(__filename, ['load', app.receiverUrl, String(total), String(concurrency)]);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load exited ${code}`))));
  });
  const secs = (performance.now() - t0) / 1000;
  h.disable();
  await new Promise((r) => setTimeout(r, 300));
  const stored = app.requests.summary(total) ? total : '?';
  console.log(`capture: ${total} requests (${concurrency} concurrent, 1 KB JSON) in ${secs.toFixed(1)} s = ${Math.round(total / secs)}/s, stored ${stored}`);
  console.log(`  main-loop delay during capture: p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms`);

  // UI calls through the same guarded path IPC uses.
  const time = async (label: string, name: Parameters<typeof callOperation>[1], input: unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const r = await callOperation(handlers, name, input);
      runs.push(performance.now() - s);
      if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
    }
    runs.sort((a, b) => a - b);
    console.log(`  ${label}: median ${runs[2]!.toFixed(1)} ms, worst ${runs[4]!.toFixed(1)} ms (blocks the loop that long)`);
  };
  console.log(`UI queries over ${total} rows:`);
  await time('listRequests (first page of 100)', 'listRequests', { limit: 100 });
  await time('listRequests q="marker" (full-text)', 'listRequests', { q: 'marker', limit: 100 });
  await time('getFacets (no filter)', 'getFacets', {});
  await time('getRequest', 'getRequest', { id: Math.floor(total / 2) });
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function load(base: string, total: number, concurrency: number) {
  const body = JSON.stringify({ type: 'invoice.paid', marker: 'x', pad: 'y'.repeat(950) });
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const r = await fetch(`${base}/default/hook/${i}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await r.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
