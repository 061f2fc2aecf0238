import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/** CPU the servers run on, and the CPU load generators run on (see the report's notes). */
export const SERVER_CPU = '1';
export const CLIENT_CPU = '0';

export interface Child {
  child: ChildProcess;
  output(): string;
  /** Resolves once `pattern` appears in stdout; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** Spawns `node args…` pinned to `cpu` with taskset. */
export function spawnNode(args: string[], cpu: string, env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn('taskset', ['-c', cpu, process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(new Error(`timed out waiting for ${pattern}:\n${out.slice(-2000)}`)), timeoutMs);
        const check = () => {
          const m = pattern.exec(out);
          if (m) {
            cleanup();
            resolve(m);
          }
        };
        const onExit = () => fail(new Error(`process exited while waiting for ${pattern}:\n${out.slice(-2000)}`));
        const fail = (e: Error) => {
          cleanup();
          reject(e);
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout!.on('data', check);
        child.once('exit', onExit);
        check();
      }),
  };
}

/** SIGTERM, then SIGKILL if it lingers. */
export async function stop(c: Child, graceMs = 10_000): Promise<void> {
  if (c.child.exitCode !== null) return;
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
  await c.exited;
  clearTimeout(timer);
}
