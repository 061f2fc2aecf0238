import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../out/main/cli.js');

/** The developer's own HOOKBAY_* settings (ports, data dir, token) must not leak into a test server. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HOOKBAY_')));
}

export interface ApiFailure {
  status: number;
  error: { code: string; message: string };
}

/** A `hookbay serve` child process on free ports with its own temporary data directory. */
export class HookbayServer {
  private constructor(
    readonly child: ChildProcess,
    readonly dataDir: string,
    readonly receiverUrl: string,
    readonly inspectorUrl: string,
    readonly apiUrl: string,
    readonly token: string,
    readonly log: () => string,
  ) {}

  static async start(options: { dataDir?: string; args?: string[] } = {}): Promise<HookbayServer> {
    const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-e2e-'));
    const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0', '--ui-port', '0', ...(options.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...cleanEnv(), HOOKBAY_CHECK_OUTPUT: '1' },
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hookbay serve did not print "Ready." in 20 s:\n${output}`)), 20_000);
      const check = () => {
        if (output.includes('Ready.')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hookbay serve exited with ${code}:\n${output}`));
      });
    });
    const receiver = /Receiver\s+(http:\/\/\S+?)\/<endpoint-slug>/.exec(output)?.[1];
    const inspector = /Inspector\s+(\S+)/.exec(output)?.[1];
    if (!receiver || !inspector) throw new Error(`Unexpected serve output:\n${output}`);
    const u = new URL(inspector);
    return new HookbayServer(child, dataDir, receiver, inspector, u.origin, u.searchParams.get('token')!, () => output);
  }

  /** Calls the HTTP API as the UI does; throws with the contract's error on failure. */
  async api<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(this.apiUrl + route, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as T & { error?: ApiFailure['error'] };
    if (!res.ok) throw Object.assign(new Error(`${method} ${route}: ${res.status} ${json.error?.message}`), { status: res.status, error: json.error });
    return json;
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keepData) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface SentRequest {
  status: number;
  body: string;
}

/** Sends a webhook the way a provider would: a plain HTTP client, raw bytes, headers as given. */
export function sendWebhook(
  url: string,
  options: { method?: string; headers?: Record<string, string> | [string, string][]; body?: string | Buffer } = {},
): Promise<SentRequest> {
  const u = new URL(url);
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
  const headers: [string, string][] = Array.isArray(options.headers) ? options.headers : Object.entries(options.headers ?? {});
  if (body) headers.push(['Content-Length', String(body.length)]);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: options.method ?? 'POST', headers: headers.flat() },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A local server standing in for the user's app: records what it receives, answers as told. */
export class TargetServer {
  readonly received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  status = 200;
  responseBody = '{"received":true}';
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TargetServer> {
    let target: TargetServer | null = null;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        target!.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(target!.status, { 'Content-Type': 'application/json', 'X-Target': 'e2e' });
        res.end(target!.responseBody);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    target = new TargetServer(server, `http://127.0.0.1:${port}`);
    return target;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}
