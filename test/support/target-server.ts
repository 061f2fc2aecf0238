import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: Buffer;
  at: number;
}

export type TargetHandler = (req: ReceivedRequest, res: http.ServerResponse, index: number) => void;

export interface TargetServer {
  url: string;
  port: number;
  received: ReceivedRequest[];
  handler: TargetHandler;
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export const ok: TargetHandler = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('ok');
};

/** A real local HTTP server that records every request byte-exact. */
export async function startTarget(handler: TargetHandler = ok, port = 0): Promise<TargetServer> {
  const received: ReceivedRequest[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const target: TargetServer = {
    url: '',
    port: 0,
    received,
    handler,
    async waitFor(n, timeoutMs = 10_000) {
      if (received.length >= n) return received;
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`target got ${received.length} requests, expected ${n}`)),
          timeoutMs,
        );
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const r = { method: req.method ?? '', url: req.url ?? '', headers, body: Buffer.concat(chunks), at: Date.now() };
      received.push(r);
      target.handler(r, res, received.length - 1);
      for (const w of waiters.filter((w) => received.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  target.port = (server.address() as AddressInfo).port;
  target.url = `http://127.0.0.1:${target.port}`;
  return target;
}

export function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

export const sha256 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

/** A port nothing listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Sends raw bytes to a URL with node:http and returns status, headers and body. */
export function send(
  url: string,
  init: { method?: string; headers?: [string, string][]; body?: Buffer | string } = {},
): Promise<{ status: number; headers: [string, string][]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const flat: string[] = [];
    for (const [k, v] of init.headers ?? []) flat.push(k, v);
    const req = http.request(url, { method: init.method ?? 'POST', headers: flat }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
