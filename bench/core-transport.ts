/**
 * worker_threads vs a separate process for the core (issue 16's choice). Electron's
 * `utilityProcess` cannot run here (no Electron binary), so a forked Node process with
 * `serialization: 'advanced'` (structured clone over a pipe, like utilityProcess's
 * MessagePort) stands in for it. Both echo the same message: a page of 100 request
 * summaries, the inspector's most frequent answer. Measured: time from spawn to the first
 * message, round-trip latency, and resident memory the second thread/process adds.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { median, percentile, round } from './stats';

export interface TransportFigures {
  kind: 'worker thread' | 'child process';
  startMs: number;
  roundTripP50Ms: number;
  roundTripP99Ms: number;
  /** RSS added: for the worker, the process's growth; for the child, the child's own RSS. */
  addedRssMb: number;
}

const ECHO = `
const { parentPort } = require('node:worker_threads');
const send = parentPort ? (m) => parentPort.postMessage(m) : (m) => process.send(m);
const on = parentPort ? (f) => parentPort.on('message', f) : (f) => process.on('message', f);
on((m) => send(m === 'rss' ? { rss: process.memoryUsage().rss } : m));
send('ready');
`;

function page(): unknown {
  return {
    items: Array.from({ length: 100 }, (_, i) => ({
      id: 1_000_000 - i, endpointId: 'ep_x', endpointSlug: 'stripe', method: 'POST', path: '/stripe/events', query: '',
      size: 700, truncated: false, receivedAt: Date.now(), via: 'direct', contentType: 'application/json',
      eventType: 'invoice.paid', eventId: `evt_${i}`, duplicateOf: null, error: null, replayOf: null,
      verificationStatus: 'valid', deliveryState: 'delivered',
    })),
    nextCursor: '999900',
  };
}

async function measure(kind: TransportFigures['kind'], rounds: number): Promise<TransportFigures> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let post: (m: unknown) => void;
  let onMessage: (f: (m: unknown) => void) => void;
  let stop: () => Promise<unknown>;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-echo-')), 'echo.cjs');
  fs.writeFileSync(file, ECHO);
  if (kind === 'worker thread') {
    const w = new Worker(file);
    post = (m) => w.postMessage(m);
    onMessage = (f) => w.on('message', f);
    stop = () => w.terminate();
  } else {
    const c = fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    post = (m) => c.send(m as never);
    onMessage = (f) => c.on('message', f);
    stop = async () => c.kill();
  }
  let waiting: ((m: unknown) => void) | null = null;
  onMessage((m) => waiting?.(m));
  const next = () => new Promise<unknown>((resolve) => (waiting = resolve));
  await next();
  const startMs = performance.now() - t0;
  const payload = page();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    const reply = next();
    post(payload);
    await reply;
    times.push(performance.now() - s);
  }
  const rssReply = next();
  post('rss');
  const childRss = ((await rssReply) as { rss: number }).rss;
  const addedRssMb = kind === 'worker thread' ? (process.memoryUsage().rss - rssBefore) / 1e6 : childRss / 1e6;
  await stop();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { kind, startMs: round(startMs, 1), roundTripP50Ms: round(median(times), 3), roundTripP99Ms: round(percentile(times, 99), 3), addedRssMb: round(addedRssMb, 1) };
}

export async function compareCoreTransports(rounds = 500): Promise<TransportFigures[]> {
  return [await measure('worker thread', rounds), await measure('child process', rounds)];
}
