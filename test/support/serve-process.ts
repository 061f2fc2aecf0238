import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'out/main/cli.js');

/** Builds once if `npm test` did not already (running a single test file with vitest). */
export function ensureBuilt(): void {
  if (fs.existsSync(CLI)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

export interface ServeProcess {
  child: ChildProcess;
  receiverUrl: string;
  apiUrl: string;
  token: string;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Runs `hookbay serve` as a real child process and waits for its "Ready." line. `launcher` is
 * the command before `serve`: the built CLI under this Node by default, or e.g. an installed
 * `hookbay` bin, or the app bundle under a fake Electron.
 */
export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  timeoutMs = 20_000,
  launcher: string[] = [process.execPath, CLI],
): Promise<ServeProcess> {
  if (launcher[1] === CLI) ensureBuilt();
  const token = 'serve-process-token-0123456789';
  const [command, ...before] = launcher as [string, ...string[]];
  const child = spawn(command, [...before, 'serve', '--data', dataDir, '--port', '0', '--ui-port', '0', '--token', token, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hookbay serve did not get ready:\n${out}`)), timeoutMs);
    const check = () => {
      if (/^Ready\.$/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`hookbay serve exited early:\n${out}`));
    });
  });
  const receiverUrl = /Receiver\s+(http:\/\/\S+?)\/<endpoint-slug>/.exec(out)![1]!;
  const apiUrl = /API\s+(http:\/\/\S+?)\/api/.exec(out)![1]!;
  return { child, receiverUrl, apiUrl, token, output: () => out, exited };
}
