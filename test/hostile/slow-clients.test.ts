import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

const HEADERS_TIMEOUT = 500;
const REQUEST_TIMEOUT = 1000;

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp({ headersTimeoutMs: HEADERS_TIMEOUT, requestTimeoutMs: REQUEST_TIMEOUT });
  port = Number(new URL(t.receiver).port);
});
afterAll(() => t.stop());

interface Dripper {
  /** When the server closed the connection (ms after start), or null while open. */
  closedAfterMs: number | null;
  response: string;
  stop(): void;
}

/** Sends `first`, then `drip` every `everyMs` until the server closes the connection. */
function dripper(first: string, drip: string, everyMs: number): Dripper {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  const d: Dripper = { closedAfterMs: null, response: '', stop: () => socket.destroy() };
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(first);
    timer = setInterval(() => socket.writable && socket.write(drip), everyMs);
  });
  socket.on('data', (b: Buffer) => (d.response += b.toString('latin1')));
  const closed = () => {
    clearInterval(timer);
    d.closedAfterMs ??= Date.now() - started;
  };
  socket.on('close', closed);
  socket.on('error', closed);
  return d;
}

function timedPost(agent: http.Agent, n: number): Promise<{ status: number; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.receiver}/fast/${n}`, { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, ms: Date.now() - t0 }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ n }));
  });
}

describe('slow clients', () => {
  it('cuts off slowloris and slow-body clients by timeout while others are served', async () => {
    const lorises = Array.from({ length: 40 }, (_, i) => dripper(`POST /loris/${i} HTTP/1.1\r\nHost: x\r\n`, 'X-Slow: 1\r\n', 100));
    const slowBodies = Array.from({ length: 20 }, (_, i) =>
      dripper(`POST /slowbody/${i} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n`, 'x'.repeat(10), 100),
    );

    // Meanwhile, an ordinary sender is served promptly, throughout.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const served: { status: number; ms: number }[] = [];
    const until = Date.now() + REQUEST_TIMEOUT + 1500;
    for (let n = 0; Date.now() < until; n++) served.push(await timedPost(agent, n));
    agent.destroy();

    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((s) => s.status !== 200)).toEqual([]);
    // Generous for a shared two-core machine; starvation would mean seconds.
    expect(Math.max(...served.map((s) => s.ms))).toBeLessThan(750);

    // Everyone slow was cut off, within the timeout plus one check interval (and slack).
    for (const l of lorises) {
      expect(l.closedAfterMs, 'slowloris still connected').not.toBeNull();
      expect(l.closedAfterMs!).toBeLessThan(HEADERS_TIMEOUT * 2 + 1000);
      expect(l.response).toMatch(/^HTTP\/1\.1 408 /);
    }
    for (const s of slowBodies) {
      expect(s.closedAfterMs, 'slow body still connected').not.toBeNull();
      expect(s.closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT * 2 + 1000);
      expect(s.response).toMatch(/^HTTP\/1\.1 408 /);
    }
    [...lorises, ...slowBodies].forEach((d) => d.stop());

    // What the slow bodies did send is kept, marked truncated, with the reason.
    const page = await t.api.listRequests({ q: 'slowbody', limit: 100 });
    const cut = page.items.filter((i) => i.path.startsWith('/slowbody/'));
    expect(cut).toHaveLength(20);
    for (const c of cut) {
      expect(c.truncated).toBe(true);
      expect(c.error).toMatch(/took too long/);
    }
  }, 30_000);
});
