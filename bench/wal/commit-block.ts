/**
 * F9 (docs/fuzzing.md): the longest event-loop block per capture of a 9 MiB text body,
 * through a real Hookbay (receiver + SQLite file). A child process sends the captures one
 * at a time and says when each starts; a 1 ms `setInterval` records the longest gap in
 * each capture's window (monitorEventLoopDelay misses single long blocks).
 *
 *   node bench/build.mjs && node out/bench/wal/commit-block.js [captures=30] [MiB=9]   (BENCH_BEFORE=1: as before)
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaptureWriter } from '../../src-main/core/capture/capture-writer';
import { Hookbay } from '../../src-main/core/hookbay';

async function main(): Promise<void> {
  if (process.argv[2] === 'send') return send(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
  const count = Number(process.argv[2] ?? 30);
  const mib = Number(process.argv[3] ?? 9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-wal-'));
  const app = await Hookbay.start({ dataDir: dir, receiverPort: 0 }, { restoreTunnel: false });
  const wal = path.join(dir, 'hookbay.db-wal');
  // BENCH_BEFORE=1: as before the checkpoint worker (SQLite's autocheckpoint in the capture connection).
  if (process.env.BENCH_BEFORE) {
    await app.checkpoints?.stop();
    app.db.pragma('wal_autocheckpoint = 1000');
    app.db.pragma('journal_size_limit = -1');
  }
  // BENCH_PRAGMAS="a=1;b=2": experiments on the main connection.
  for (const p of (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean)) app.db.pragma(p);
  // The commit alone: CaptureWriter.flush runs the transaction (and any autocheckpoint).
  // Wall time, and the main thread's own CPU time (Linux schedstat, ns; other threads excluded).
  let commit = 0;
  let commitCpu = 0;
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  const threadCpuMs = () => (fs.existsSync(schedstat) ? Number(fs.readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6 : 0);
  const flush = CaptureWriter.prototype.flush;
  CaptureWriter.prototype.flush = function (this: CaptureWriter) {
    const t = performance.now();
    const c = threadCpuMs();
    flush.call(this);
    commitCpu = Math.max(commitCpu, threadCpuMs() - c);
    commit = Math.max(commit, performance.now() - t);
  };
  const commitCpus: number[] = [];
  const commits: number[] = [];
  let last = performance.now();
  let max = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 1);
  const gaps: number[] = [];
  const walSizes: number[] = [];
  const cpu0 = process.cpuUsage();
  const child = fork(__filename, ['send', app.receiverUrl, String(count), String(mib)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  await new Promise<void>((resolve) => {
    child.on('message', (m: string) => {
      if (m === 'start') {
        max = 0;
        commit = 0;
        commitCpu = 0;
        last = performance.now();
      } else if (m === 'done') {
        gaps.push(max);
        commits.push(commit);
        commitCpus.push(commitCpu);
        walSizes.push(fs.existsSync(wal) ? fs.statSync(wal).size : 0);
      }
    });
    child.on('exit', () => resolve());
  });
  clearInterval(probe);
  const cpu = process.cpuUsage(cpu0);
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0);
  console.log(
    JSON.stringify({
      captures: gaps.length,
      mib,
      longestBlockMs: { median: q(0.5), p90: q(0.9), max: q(1) },
      perCapture: gaps.map((g) => Math.round(g)),
      commitMs: commits.map((g) => Math.round(g)),
      commitCpuMs: commitCpus.map((g) => Math.round(g)),
      commitCpuSum: Math.round(commitCpus.reduce((a, b) => a + b, 0)),
      commitWallSum: Math.round(commits.reduce((a, b) => a + b, 0)),
      walMiB: walSizes.map((s) => Math.round(s / 1048576)),
      cpuMsPerCapture: Math.round((cpu.user + cpu.system) / 1000 / gaps.length),
      load: os.loadavg()[0]!.toFixed(1),
    }),
  );
}

async function send(url: string, count: number, mib: number): Promise<void> {
  const body = Buffer.alloc(mib * 1024 * 1024, 'a');
  for (let i = 0; i < count; i++) {
    process.send!('start');
    const res = await fetch(`${url}/big`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    process.send!('done');
  }
  process.disconnect();
}

void main();
