/**
 * Issue 16: does the process that would be Electron's main process stay responsive with a
 * big store while webhooks arrive and the inspector makes its calls? For each store size
 * and each placement of the core — on the measured thread ("in-thread", the old design) and
 * on a worker thread (`CoreHost`, what the desktop app now does) — it:
 *
 * 1. fills a store with `generateStore` (the store's own insert in 20,000-row transactions,
 *    then the real full-text indexer: no HTTP, so a million rows take minutes, not hours);
 * 2. starts the core on it, and a child process sending webhooks at a steady rate;
 * 3. runs the inspector's calls on a cycle (endpoint list with counts, facets unfiltered and
 *    per endpoint, first page, a search, facets of that search, one request's detail) and
 *    times each, while `monitorEventLoopDelay` records the measured thread's loop delay.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { OperationName } from '../src-main/contract';
import type { RequestPage } from '../src-main/contract/requests';
import { Hookbay } from '../src-main/core/hookbay';
import { createStderrLogger } from '../src-main/core/log/logger';
import { createHandlers } from '../src-main/core/service';
import { callOperation, type CallResult } from '../src-main/core/transport';
import { CoreHost } from '../src-main/shell/core-host';
import { compareCoreTransports, type TransportFigures } from './core-transport';
import { median, percentile, round } from './stats';
import { generateStore } from './store';

export type Placement = 'in-thread' | 'worker';

export interface MainLoopOptions {
  sizes: number[];
  /** Seconds of measurement per size and placement. */
  seconds: number;
  /** Webhooks per second from the sender process. */
  rate: number;
  /** One cycle of UI calls every this many ms. */
  cycleMs: number;
  scratchDir: string;
  workerFile: string;
  log: (s: string) => void;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface RunResult {
  size: number;
  placement: Placement;
  loop: LoopDelay;
  /** Per UI call: median and p99 latency in ms. */
  calls: Record<string, { p50: number; p99: number; n: number }>;
  webhooksSent: number;
  webhooksAcked: number;
  loadavg: [number, number, number];
}

export interface MainLoopResult {
  options: Omit<MainLoopOptions, 'log' | 'scratchDir' | 'workerFile'>;
  fills: { size: number; insertMs: number; indexMs: number; fileBytes: number }[];
  runs: RunResult[];
  /**
   * Same-run floor: the loop delay of this thread with no core and no calls, just before each
   * size's runs. On a shared machine the OS's scheduling alone shows up here.
   */
  idle: { size: number; loop: LoopDelay; loadavg: number }[];
  transports: TransportFigures[];
}

/** The calls the inspector makes, by label; `detail` is filled in with a real id. */
const UI_CALLS: { label: string; name: OperationName; input: Record<string, unknown> }[] = [
  { label: 'listEndpoints (counts)', name: 'listEndpoints', input: {} },
  { label: 'getFacets (unfiltered)', name: 'getFacets', input: {} },
  { label: 'getFacets (one endpoint)', name: 'getFacets', input: { endpoint: 'stripe' } },
  { label: 'listRequests (first page)', name: 'listRequests', input: { limit: 100 } },
  { label: 'listRequests (search)', name: 'listRequests', input: { q: 'renewed', limit: 100 } },
  { label: 'getFacets (search, budgeted)', name: 'getFacets', input: { q: 'renewed' } },
  { label: 'getRequest (detail)', name: 'getRequest', input: {} },
];

/** A child process posting webhooks at a steady rate; prints "SENT n ACKED m" when told to stop. */
const SENDER = `
const http = require('node:http');
const [url, rate] = [process.argv[1], Number(process.argv[2])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
let sent = 0, acked = 0, i = 0;
const body = JSON.stringify({ type: 'invoice.paid', data: { object: { id: 'obj', description: 'steady webhook for the bench' } } });
const timer = setInterval(() => {
  sent++;
  const req = http.request(url + '/stripe/events?n=' + (i++), { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) acked++; });
  });
  req.on('error', () => {});
  req.end(body);
}, 1000 / rate);
process.on('message', () => { clearInterval(timer); setTimeout(() => { process.send('SENT ' + sent + ' ACKED ' + acked); process.exit(0); }, 500); });
`;

interface Core {
  receiverUrl: string;
  call(name: OperationName, input: unknown): Promise<CallResult>;
  close(): Promise<void>;
}

async function startCore(placement: Placement, dataDir: string, workerFile: string): Promise<Core> {
  const config = { dataDir, receiverPort: 0, receiverHost: '127.0.0.1' };
  const logger = createStderrLogger('error');
  if (placement === 'in-thread') {
    const core = await Hookbay.start(config, { mode: 'desktop', logger, restoreTunnel: false });
    const handlers = createHandlers(core);
    return { receiverUrl: core.receiverUrl, call: (name, input) => callOperation(handlers, name, input, logger), close: () => core.close() };
  }
  // The shell forwards every event to the window; here they arrive and are dropped, which
  // still costs the measured thread a message per event, as in the app.
  const host = await CoreHost.start({ workerFile, config, mode: 'desktop', restoreTunnel: false, log: logger, onEvent: () => undefined });
  return { receiverUrl: host.receiverUrl, call: (name, input) => host.call(name, input), close: () => host.close() };
}

async function measure(placement: Placement, size: number, dataDir: string, o: MainLoopOptions): Promise<RunResult> {
  const core = await startCore(placement, dataDir, o.workerFile);
  const first = await core.call('listRequests', { limit: 1 });
  const detailId = first.ok ? ((first.value as RequestPage).items[0]?.id ?? 1) : 1;
  const sender = spawn(process.execPath, ['-e', SENDER, core.receiverUrl, String(o.rate)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const senderDone = new Promise<string>((resolve) => sender.once('message', (m) => resolve(String(m))));
  const latencies = new Map<string, number[]>(UI_CALLS.map((c) => [c.label, []]));
  const cycle = async (record: boolean) => {
    for (const c of UI_CALLS) {
      const input = c.name === 'getRequest' ? { id: detailId } : c.input;
      const t0 = performance.now();
      const r = await core.call(c.name, input);
      const dt = performance.now() - t0;
      if (!r.ok) throw new Error(`${c.label} failed: ${r.error.message}`);
      if (record) latencies.get(c.label)!.push(dt);
    }
  };
  // Warm up: caches, prepared statements, the sender's connections.
  await cycle(false);
  await new Promise((r) => setTimeout(r, 500));
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  const end = performance.now() + o.seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    await cycle(true);
    await new Promise((r) => setTimeout(r, Math.max(0, o.cycleMs - (performance.now() - started))));
  }
  histogram.disable();
  sender.send('stop');
  const [, sent, acked] = /SENT (\d+) ACKED (\d+)/.exec(await senderDone) ?? [];
  await core.close();
  const calls: RunResult['calls'] = {};
  for (const [label, values] of latencies) calls[label] = { p50: round(median(values), 2), p99: round(percentile(values, 99), 2), n: values.length };
  return {
    size,
    placement,
    loop: { p50: msOf(histogram.percentile(50)), p99: msOf(histogram.percentile(99)), max: msOf(histogram.max) },
    calls,
    webhooksSent: Number(sent ?? 0),
    webhooksAcked: Number(acked ?? 0),
    loadavg: os.loadavg().map((n) => round(n, 2)) as [number, number, number],
  };
}

const msOf = (ns: number) => round(ns / 1e6, 1);

/** The loop delay of this thread doing nothing at all for `seconds`. */
async function idleLoop(seconds: number): Promise<LoopDelay> {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  histogram.disable();
  return { p50: msOf(histogram.percentile(50)), p99: msOf(histogram.percentile(99)), max: msOf(histogram.max) };
}

export async function runMainLoopBench(o: MainLoopOptions): Promise<MainLoopResult> {
  const result: MainLoopResult = { options: { sizes: o.sizes, seconds: o.seconds, rate: o.rate, cycleMs: o.cycleMs }, fills: [], runs: [], idle: [], transports: [] };
  for (const size of o.sizes) {
    const dir = path.join(o.scratchDir, `main-loop-${size}`);
    o.log(`  filling ${size.toLocaleString('en-US')} requests…`);
    const gen = generateStore(dir, size, (s) => o.log(`  ${s}`));
    result.fills.push({ size, insertMs: Math.round(gen.insertMs), indexMs: Math.round(gen.indexMs), fileBytes: gen.fileBytes });
    const idle = await idleLoop(Math.max(1, Math.round(o.seconds / 2)));
    result.idle.push({ size, loop: idle, loadavg: round(os.loadavg()[0]!, 2) });
    o.log(`  idle floor: loop p50 ${idle.p50} ms, p99 ${idle.p99} ms, max ${idle.max} ms`);
    for (const placement of ['in-thread', 'worker'] as const) {
      o.log(`  ${size.toLocaleString('en-US')} rows, core ${placement}: ${o.seconds} s at ${o.rate} webhooks/s`);
      const run = await measure(placement, size, dir, o);
      o.log(`    loop p50 ${run.loop.p50} ms, p99 ${run.loop.p99} ms, max ${run.loop.max} ms`);
      result.runs.push(run);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  o.log('  worker thread vs child process: start, round trip, memory');
  result.transports = await compareCoreTransports(o.seconds < 5 ? 100 : 500);
  return result;
}

export function mainLoopSection(r: MainLoopResult): { markdown: string; summary: string[] } {
  const sizes = r.options.sizes;
  const run = (size: number, p: Placement) => r.runs.find((x) => x.size === size && x.placement === p)!;
  const n = (size: number) => size.toLocaleString('en-US');
  const lines: string[] = [];
  lines.push(
    `Stores filled with the store's own insert in 20,000-row transactions plus the real full-text indexer ` +
      `(no HTTP; ~700 B Stripe-like JSON over 5 endpoints, 20 event types): ` +
      r.fills.map((f) => `${n(f.size)} rows in ${Math.round(f.insertMs / 1000)} s + ${Math.round(f.indexMs / 1000)} s indexing, ${Math.round(f.fileBytes / 1e6)} MB`).join('; ') +
      `. Each run: ${r.options.seconds} s with webhooks arriving at ${r.options.rate}/s from a separate process and the inspector's ` +
      `calls in a cycle every ${r.options.cycleMs} ms, awaited one after another. "Loop delay" is ` +
      '`monitorEventLoopDelay` (2 ms resolution) of the thread that would be Electron\'s main thread.',
    '',
    '### Event-loop delay of the would-be main thread (ms)',
    '',
    '| store | core | p50 | p99 | max | webhooks acked / sent | load average (1 min) |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  for (const size of sizes) {
    const idle = r.idle.find((x) => x.size === size);
    if (idle) lines.push(`| ${n(size)} | none (idle floor) | ${idle.loop.p50} | ${idle.loop.p99} | ${idle.loop.max} | – | ${idle.loadavg} |`);
    for (const p of ['in-thread', 'worker'] as const) {
      const x = run(size, p);
      lines.push(`| ${n(size)} | ${p} | ${x.loop.p50} | ${x.loop.p99} | ${x.loop.max} | ${x.webhooksAcked} / ${x.webhooksSent} | ${x.loadavg[0]} |`);
    }
  }
  const [small, big] = [sizes[0]!, sizes.at(-1)!];
  lines.push('', `### UI call latency, median / p99 (ms), ${n(small)} vs ${n(big)} rows`, '');
  lines.push(`| call | core | ${n(small)} | ${n(big)} | ${n(big)} ÷ ${n(small)} (median) |`, '|---|---|---:|---:|---:|');
  for (const label of Object.keys(run(small, 'worker').calls)) {
    for (const p of ['in-thread', 'worker'] as const) {
      const a = run(small, p).calls[label]!;
      const b = run(big, p).calls[label]!;
      lines.push(`| ${label} | ${p} | ${a.p50} / ${a.p99} | ${b.p50} / ${b.p99} | ${round(b.p50 / Math.max(a.p50, 0.01), 2)}× |`);
    }
  }
  lines.push(
    '',
    '### Where to run the core: worker thread vs a separate process',
    '',
    "Electron's `utilityProcess` cannot run on this machine; a forked Node process with `serialization: 'advanced'` " +
      '(structured clone over a pipe) stands in for it. Both echo a page of 100 request summaries.',
    '',
    '| | spawn → first message (ms) | round trip p50 (ms) | round trip p99 (ms) | memory added (MB RSS) |',
    '|---|---:|---:|---:|---:|',
    ...r.transports.map((t) => `| ${t.kind} | ${t.startMs} | ${t.roundTripP50Ms} | ${t.roundTripP99Ms} | ${t.addedRssMb} |`),
  );
  const w = run(big, 'worker');
  const ratioOf = (label: string) => round(w.calls[label]!.p50 / Math.max(run(small, 'worker').calls[label]!.p50, 0.01), 2);
  const summary = [
    `main loop at ${n(big)} rows, core on a worker: p99 ${w.loop.p99} ms, max ${w.loop.max} ms (goal ≤ 16 / ≤ 50); in-thread: p99 ${run(big, 'in-thread').loop.p99} ms, max ${run(big, 'in-thread').loop.max} ms; idle floor p99 ${r.idle.at(-1)?.loop.p99 ?? '–'} ms, max ${r.idle.at(-1)?.loop.max ?? '–'} ms`,
    `listEndpoints ${ratioOf('listEndpoints (counts)')}×, unfiltered facets ${ratioOf('getFacets (unfiltered)')}× their ${n(small)}-row time (goal ≤ 1.5×)`,
  ];
  return { markdown: lines.join('\n'), summary };
}
