import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Hookbay } from '../src-main/core/hookbay';

export interface TunnelBenchOptions {
  /** A localtunnel server on this machine (`http://localhost:<port>`); the bench never leaves loopback. */
  tunnelHost: string;
  requests?: number;
  concurrency?: number;
  bodyBytes?: number;
}

export interface LatencyStats {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
}

export interface TunnelBenchResult {
  requests: number;
  concurrency: number;
  bodyBytes: number;
  direct: LatencyStats;
  tunnel: LatencyStats;
  /** tunnel ÷ direct: latency ratios above 1 are the tunnel's cost; throughput below 1 is. */
  ratio: { p50: number; p99: number; throughput: number };
}

interface Target {
  host: string;
  port: number;
  hostHeader: string;
}

/**
 * Sends the same webhook-sized POSTs to the receiver directly and through the tunnel, in the
 * same run on the same core, so the ratio is the tunnel's own cost on this machine. Each request
 * is acknowledged only after it is stored, so storage is in both sides equally.
 */
export async function benchTunnel(options: TunnelBenchOptions): Promise<TunnelBenchResult> {
  const requests = options.requests ?? 1000;
  const concurrency = options.concurrency ?? 8;
  const bodyBytes = options.bodyBytes ?? 2048;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-bench-tunnel-'));
  const app = await Hookbay.start({ dataDir, receiverPort: 0 }, { restoreTunnel: false });
  try {
    const status = await app.tunnel.start({ enabled: true, host: options.tunnelHost });
    if (status.state !== 'online' || !status.url) {
      throw new Error(`The tunnel did not come up for the bench: ${status.reason ?? status.state}`);
    }
    const publicUrl = new URL(status.url);
    if (!publicUrl.hostname.endsWith('.localhost')) throw new Error('benchTunnel only runs against a server on this machine.');
    const direct: Target = { host: '127.0.0.1', port: app.receiverPort, hostHeader: `127.0.0.1:${app.receiverPort}` };
    const tunnel: Target = { host: '127.0.0.1', port: Number(publicUrl.port || 80), hostHeader: publicUrl.host };
    const body = Buffer.alloc(bodyBytes, '{"event":"bench"}');

    const directStats = await measure(direct, body, requests, concurrency);
    const tunnelStats = await measure(tunnel, body, requests, concurrency);
    return {
      requests,
      concurrency,
      bodyBytes,
      direct: directStats,
      tunnel: tunnelStats,
      ratio: {
        p50: round(tunnelStats.p50Ms / directStats.p50Ms),
        p99: round(tunnelStats.p99Ms / directStats.p99Ms),
        throughput: round(tunnelStats.requestsPerSecond / directStats.requestsPerSecond),
      },
    };
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(target: Target, body: Buffer, requests: number, concurrency: number): Promise<LatencyStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    // Warm up connections and the JIT on both paths alike.
    await runLoad(target, body, Math.min(50, requests), concurrency, agent);
    const started = process.hrtime.bigint();
    const latencies = await runLoad(target, body, requests, concurrency, agent);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      p50Ms: round(percentile(latencies, 0.5)),
      p99Ms: round(percentile(latencies, 0.99)),
      requestsPerSecond: Math.round(requests / seconds),
    };
  } finally {
    agent.destroy();
  }
}

async function runLoad(target: Target, body: Buffer, count: number, concurrency: number, agent: http.Agent): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const t0 = process.hrtime.bigint();
      await post(target, body, agent);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

function post(target: Target, body: Buffer, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method: 'POST',
        path: '/default/bench',
        agent,
        headers: { Host: target.hostHeader, 'Content-Type': 'application/json', 'Content-Length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
