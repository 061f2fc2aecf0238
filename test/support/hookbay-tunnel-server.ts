import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import tls from 'node:tls';
import { DEFAULT_TUNNEL_SERVER_CONFIG, type TunnelServerConfig } from '../../src-main/tunnel-server/config';
import { startTunnelServer, type RunningTunnelServer } from '../../src-main/tunnel-server/server';
import type { RawResponse } from './raw-http';

/** `hookbay tunnel-server` in this process on loopback, tunnels at `<id>.localhost:<port>`. */
export function startLoopbackHookbayTunnelServer(overrides: Partial<TunnelServerConfig> = {}): Promise<RunningTunnelServer> {
  return startTunnelServer({
    ...DEFAULT_TUNNEL_SERVER_CONFIG,
    address: '127.0.0.1',
    tunnelAddress: '127.0.0.1',
    domain: 'localhost',
    graceMs: 500,
    socketWaitMs: 3_000,
    ...overrides,
  });
}

/** A self-signed certificate for `localhost` and the given subdomains of it (openssl CLI). */
export function selfSignedCertificate(dir: string, names: string[]): { cert: Buffer; key: Buffer; certFile: string } {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  // Node does not match `*.localhost` (a wildcard over one label), so every name is listed.
  const san = ['localhost', ...names].map((n) => `DNS:${n}`).join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', `subjectAltName=${san}`, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile), certFile };
}

/**
 * The stock `localtunnel` client in a child process, so it can trust a test certificate
 * (NODE_EXTRA_CA_CERTS is read at start-up only). Resolves with its URL once open.
 */
export async function stockClientProcess(opts: { host: string; localPort: number; subdomain?: string; caFile?: string }): Promise<{ url: string; stop(): Promise<void> }> {
  const script = `
    const lt = require('@security-patched/localtunnel');
    lt(${JSON.stringify({ port: opts.localPort, host: opts.host, subdomain: opts.subdomain })})
      .then((t) => { t.on('error', () => {}); console.log(JSON.stringify({ url: t.url })); })
      .catch((e) => { console.log(JSON.stringify({ error: e.message })); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: path.join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(opts.caFile ? { NODE_EXTRA_CA_CERTS: opts.caFile } : {}) },
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('localtunnel client gave no URL within 10 s')), 10_000);
    readline.createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
  });
  const msg = JSON.parse(line) as { url?: string; error?: string };
  if (!msg.url) throw new Error(`localtunnel client failed: ${msg.error}`);
  return {
    url: msg.url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Like `rawRequest`, over TLS with SNI `servername`. */
export function rawTlsRequest(port: number, servername: string, ca: Buffer, payload: Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', servername, ca });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw TLS request timed out'));
    }, timeoutMs);
    const tryFinish = (force: boolean) => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split === -1 && !force) return;
      const head = (split === -1 ? all : all.subarray(0, split)).toString('latin1');
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? NaN);
      if (!force && !(all.length >= split + 4 + length)) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body: split === -1 ? Buffer.alloc(0) : all.subarray(split + 4) });
    };
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      tryFinish(false);
    });
    socket.on('end', () => tryFinish(true));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.write(payload);
  });
}

/** `hookbay tunnel-server` from the built CLI as a child process, like a deployment runs it. */
export interface TunnelServerProcess {
  port: number;
  pid: number;
  /** null while it runs. */
  exitCode(): number | null;
  /** What a client passes as host. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function spawnTunnelServerCli(cli: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<TunnelServerProcess> {
  const args = [cli, 'tunnel-server', '--domain', 'localhost', '--address', '127.0.0.1', '--tunnel-address', '127.0.0.1', '--port', '0', ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hookbay tunnel-server did not get ready:\n${out}`)), 15_000);
    child.stdout!.on('data', () => {
      if (/^Ready\.$/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`hookbay tunnel-server exited early:\n${out}`));
    });
  });
  const port = Number(/ on [^\s]+:(\d+)/.exec(out)?.[1]);
  return {
    port,
    pid: child.pid!,
    exitCode: () => child.exitCode,
    url: `http://localhost:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
