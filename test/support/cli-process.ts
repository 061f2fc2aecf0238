import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ensureBuilt } from './serve-process';

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout (waits for it). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The built CLI as a child process (`node out/main/cli.js …`), with its output collected. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliProcess {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '', ...env },
    ...(cwd ? { cwd } : {}),
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (!m) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        if (!check()) listeners.add(check);
        void exited.then(() => setTimeout(() => check() || (clearTimeout(timer), reject(new Error(`exited before ${pattern}\nstdout:\n${out}\nstderr:\n${err}`))), 50));
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a one-shot command to completion. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = startCli(args, env, cwd);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
