import { build } from 'esbuild';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Memory {
  heapUsed: number;
  rss: number;
  external: number;
}

export interface CoreProcess {
  child: ChildProcess;
  receiverUrl: string;
  receiverPort: number;
  apiUrl: string;
  token: string;
  /** Heap after two full GCs, and RSS, measured inside the child. */
  memory(): Promise<Memory>;
  /** Authorized GET on the API, parsed as JSON. */
  api<T = unknown>(pathAndQuery: string): Promise<{ status: number; json: T }>;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const bundled = new Map<string, Promise<string>>();

/** Bundles a child entry (a file beside this one) once per test worker with esbuild (~100 ms). */
export function bundleChild(entry: string): Promise<string> {
  let done = bundled.get(entry);
  if (done) return done;
  done = (async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-child-')), entry.replace(/\.ts$/, '.cjs'));
    await build({
      entryPoints: [path.join(__dirname, entry)],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      nodePaths: [path.resolve(__dirname, '../../../node_modules')],
      define: { __HOOKBAY_VERSION__: '"test"' },
      logLevel: 'warning',
    });
    return out;
  })();
  bundled.set(entry, done);
  return done;
}

/** Environment for bundled children: dependencies resolve from the project. */
export const CHILD_ENV = { ...process.env, NODE_PATH: path.resolve(__dirname, '../../../node_modules') };

/** Starts `startHeadless` in a child process with the given core config (receiver on port 0). */
export async function startCoreProcess(core: Record<string, unknown>): Promise<CoreProcess> {
  const script = await bundleChild('core-child.ts');
  const child = fork(script, [JSON.stringify(core)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Resolve better-sqlite3 and zod from the project, wherever the bundle lives.
    env: CHILD_ENV,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ receiverUrl: string; apiUrl: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`core child did not start:\n${out}`)), 20_000);
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m as never);
      }
    });
    void exited.then(() => reject(new Error(`core child exited:\n${out}`)));
  });
  const memory = () =>
    new Promise<Memory>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== 'memory') return;
        child.off('message', on);
        resolve(m as unknown as Memory);
      };
      child.on('message', on);
      child.send({ type: 'memory' });
    });
  return {
    child,
    ...ready,
    receiverPort: Number(new URL(ready.receiverUrl).port),
    memory,
    api: async (p) => {
      const res = await fetch(`${ready.apiUrl}${p}`, { headers: { Authorization: `Bearer ${ready.token}` } });
      return { status: res.status, json: (await res.json()) as never };
    },
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
