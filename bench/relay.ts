/**
 * Relay benchmarks, for `npm run bench`. Every figure is paired with a baseline measured
 * in the same run on the same machine (a client talking to the target directly), so the
 * report is a ratio that means something on any hardware.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EndpointInput } from '../src-main/contract/endpoints';
import { Hookbay } from '../src-main/core/hookbay';

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface OverheadResult {
  requests: number;
  /** Sender → target, milliseconds. */
  direct: Percentiles;
  /** Sender → Hookbay (stored) → target → back to the sender (response mode `wait`). */
  viaHookbay: Percentiles;
  ratioP50: number;
  ratioP99: number;
}

export interface ThroughputResult {
  requests: number;
  concurrency: number;
  targetConcurrency: number;
  directPerSec: number;
  /** Requests accepted by Hookbay and forwarded to the target, per second of wall time. */
  forwardedPerSec: number;
  ratio: number;
}

export interface DrainResult {
  deliveries: number;
  targetConcurrency: number;
  ms: number;
  perSec: number;
  /** The same number of requests sent straight to the target by `targetConcurrency` senders. */
  directPerSec: number;
  ratio: number;
}

interface Target {
  url: string;
  port: number;
  count: number;
  close(): Promise<void>;
}

async function startTarget(port = 0): Promise<Target> {
  const t: Target = { url: '', port: 0, count: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      t.count++;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '11' });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  t.port = (server.address() as AddressInfo).port;
  t.url = `http://127.0.0.1:${t.port}`;
  // Closing every connection from the target's side also ends the relay's pooled keep-alive
  // sockets to it, so a bench leaves no connection behind for the next one.
  t.close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return t;
}

const BODY = Buffer.from(
  JSON.stringify({ id: 'evt_bench', type: 'invoice.paid', data: { object: { amount: 4200, lines: Array(20).fill('x') } } }),
);

function post(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': BODY.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function sequential(url: string, n: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await post(agent, url));
  agent.destroy();
  return out;
}

async function concurrent(url: string, n: number, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        await post(agent, url);
      }
    }),
  );
  agent.destroy();
  return performance.now() - t0;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function withApp<T>(fn: (app: Hookbay) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-bench-'));
  const app = await Hookbay.start({ dataDir, receiverPort: 0, receiverHost: '127.0.0.1', retention: { maxRows: null } });
  try {
    return await fn(app);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Latency of one webhook through Hookbay (stored, forwarded, answer passed back) vs straight to the target. */
export async function benchForwardingOverhead(requests = 2000, warmup = 200): Promise<OverheadResult> {
  const target = await startTarget();
  try {
    return await withApp(async (app) => {
      app.endpoints.create(
        EndpointInput.parse({ name: 'bench', slug: 'bench', forward: [{ url: target.url }], responseMode: { mode: 'wait' } }),
      );
      const via = `${app.receiverUrl}/bench`;
      await sequential(target.url, warmup);
      await sequential(via, warmup);
      // Interleaved halves, so drift (GC, CPU frequency) hits both sides alike.
      const direct: number[] = [];
      const hooked: number[] = [];
      for (let i = 0; i < 2; i++) {
        direct.push(...(await sequential(target.url, requests / 2)));
        hooked.push(...(await sequential(via, requests / 2)));
      }
      const d = percentiles(direct);
      const h = percentiles(hooked);
      return { requests, direct: d, viaHookbay: h, ratioP50: round(h.p50 / d.p50, 2), ratioP99: round(h.p99 / d.p99, 2) };
    });
  } finally {
    await target.close();
  }
}

/** Sustained forwarding: senders at `concurrency`, measured until the target has every request. */
export async function benchForwardThroughput(requests = 10_000, concurrency = 32, targetConcurrency = 16): Promise<ThroughputResult> {
  const target = await startTarget();
  try {
    return await withApp(async (app) => {
      app.endpoints.create(
        EndpointInput.parse({ name: 'bench', slug: 'bench', forward: [{ url: target.url, concurrency: targetConcurrency }] }),
      );
      await concurrent(target.url, 500, concurrency);
      // Two interleaved rounds each, so a noisy neighbour on the machine hits both sides.
      let directMs = 0;
      let forwardedMs = 0;
      const half = Math.floor(requests / 2);
      for (let round = 0; round < 2; round++) {
        directMs += await concurrent(target.url, half, concurrency);
        target.count = 0;
        const t0 = performance.now();
        await concurrent(`${app.receiverUrl}/bench`, half, concurrency);
        await until(() => target.count >= half, 120_000, 'forwarded requests');
        forwardedMs += performance.now() - t0;
      }
      requests = half * 2;
      const directPerSec = Math.round(requests / (directMs / 1000));
      const forwardedPerSec = Math.round(requests / (forwardedMs / 1000));
      return {
        requests,
        concurrency,
        targetConcurrency,
        directPerSec,
        forwardedPerSec,
        ratio: round(forwardedPerSec / directPerSec, 2),
      };
    });
  } finally {
    await target.close();
  }
}

/**
 * Draining the retry queue after the target comes back: `deliveries` requests are captured
 * while the target is down (each fails its one attempt), the target starts, and "retry all
 * failed" re-queues them; measured until the target has every one.
 */
export async function benchQueueDrain(deliveries = 10_000, targetConcurrency = 4): Promise<DrainResult> {
  const probe = await startTarget();
  const port = probe.port;
  await probe.close();
  return withApp(async (app) => {
    const endpoint = app.endpoints.create(
      EndpointInput.parse({
        name: 'bench',
        slug: 'bench',
        forward: [{ url: `http://127.0.0.1:${port}`, concurrency: targetConcurrency }],
        retry: { maxAttempts: 1 },
      }),
    );
    await concurrent(`${app.receiverUrl}/bench`, deliveries, 64);
    await until(() => app.relay.pending === 0, 120_000, 'failed first attempts');
    const target = await startTarget(port);
    try {
      const t0 = performance.now();
      const retried = app.relay.retryFailed(endpoint.id);
      await until(() => target.count >= retried, 300_000, 'queue drain');
      const ms = performance.now() - t0;
      const directMs = await concurrent(target.url, retried, targetConcurrency);
      const perSec = Math.round(retried / (ms / 1000));
      const directPerSec = Math.round(retried / (directMs / 1000));
      return { deliveries: retried, targetConcurrency, ms: Math.round(ms), perSec, directPerSec, ratio: round(perSec / directPerSec, 2) };
    } finally {
      await target.close();
    }
  });
}

export interface RelayBenchReport {
  overhead: OverheadResult;
  throughput: ThroughputResult;
  drain: DrainResult;
}

/** `quick` is a smoke run (small sizes) for `npm run bench -- --quick`. */
export async function runRelayBench(options: { quick?: boolean } = {}): Promise<RelayBenchReport> {
  const q = options.quick === true;
  const overhead = await benchForwardingOverhead(q ? 200 : 2000, q ? 50 : 200);
  const throughput = await benchForwardThroughput(q ? 1000 : 10_000);
  const drain = await benchQueueDrain(q ? 1000 : 10_000);
  return { overhead, throughput, drain };
}

/** The report as a markdown section and summary lines (the shape of the bench runner's sections). */
export function relayBenchSection(r: RelayBenchReport): { markdown: string; summary: string[] } {
  const { overhead: o, throughput: t, drain: d } = r;
  const markdown = [
    '| measure | direct to the target | through Hookbay | ratio |',
    '|---|---|---|---|',
    `| latency p50, ${o.requests} sequential, \`wait\` mode | ${o.direct.p50} ms | ${o.viaHookbay.p50} ms | ×${o.ratioP50} |`,
    `| latency p99 | ${o.direct.p99} ms | ${o.viaHookbay.p99} ms | ×${o.ratioP99} |`,
    `| sustained req/s, ${t.requests} requests, ${t.concurrency} senders, target concurrency ${t.targetConcurrency} | ${t.directPerSec} | ${t.forwardedPerSec} | ×${t.ratio} |`,
    `| retry-queue drain, ${d.deliveries} deliveries, target concurrency ${d.targetConcurrency} | ${d.directPerSec}/s | ${d.perSec}/s (${d.ms} ms) | ×${d.ratio} |`,
    '',
    'Client, Hookbay and target share one Node process; both sides of each ratio are measured in the same run.',
  ].join('\n');
  return { markdown, summary: formatRelayBench(r).split('\n') };
}

export function formatRelayBench(r: RelayBenchReport): string {
  const { overhead: o, throughput: t, drain: d } = r;
  return [
    `relay latency (${o.requests} sequential requests, wait mode): direct p50 ${o.direct.p50} ms / p99 ${o.direct.p99} ms; ` +
      `via Hookbay p50 ${o.viaHookbay.p50} ms / p99 ${o.viaHookbay.p99} ms; ratio p50 ×${o.ratioP50}, p99 ×${o.ratioP99}`,
    `relay throughput (${t.requests} requests, ${t.concurrency} senders, target concurrency ${t.targetConcurrency}): ` +
      `direct ${t.directPerSec}/s, forwarded ${t.forwardedPerSec}/s, ratio ×${t.ratio}`,
    `retry-queue drain (${d.deliveries} failed deliveries, "retry failed" after the target is back, target concurrency ` +
      `${d.targetConcurrency}): ${d.ms} ms, ${d.perSec}/s; direct with ${d.targetConcurrency} senders ${d.directPerSec}/s, ratio ×${d.ratio}`,
  ].join('\n');
}
