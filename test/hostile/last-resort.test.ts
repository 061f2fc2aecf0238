import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FATAL_EXIT_CODE } from '../../src-main/headless/last-resort';
import { tempDir } from '../support/temp';

// Issue 11 item 2: what still escapes (a bug) is logged, and headless exits non-zero rather
// than limping on in an unknown state.

const ROOT = path.resolve(__dirname, '../..');
const bundle = path.join(ROOT, '.tmp', `last-resort-child-${process.pid}.cjs`);
const desktopBundle = path.join(ROOT, '.tmp', `desktop-last-resort-child-${process.pid}.cjs`);
const dirs: { remove(): void }[] = [];

beforeAll(async () => {
  for (const [entry, outfile] of [
    ['test/support/last-resort-child.ts', bundle],
    ['test/support/desktop-last-resort-child.ts', desktopBundle],
  ] as const) {
    await build({
      entryPoints: [path.join(ROOT, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3', 'pino', 'rotating-file-stream'],
      define: { __HOOKBAY_VERSION__: '"0.0.0-test"' },
      logLevel: 'silent',
    });
  }
});
afterAll(() => {
  fs.rmSync(bundle, { force: true });
  fs.rmSync(desktopBundle, { force: true });
  for (const d of dirs) d.remove();
});

function run(kind: 'exception' | 'rejection'): Promise<{ code: number | null; stderr: string; dataDir: string }> {
  const tmp = tempDir();
  dirs.push(tmp);
  const child = spawn(process.execPath, [bundle, tmp.dir, kind], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, dataDir: tmp.dir })));
}

describe('the last-resort handler of hookbay serve', () => {
  for (const kind of ['exception', 'rejection'] as const) {
    it(`logs an uncaught ${kind} and exits ${FATAL_EXIT_CODE}`, async () => {
      const { code, stderr, dataDir } = await run(kind);
      expect(code).toBe(FATAL_EXIT_CODE);
      expect(stderr).toMatch(kind === 'exception' ? /uncaught exception: a bug in a timer/ : /unhandled promise rejection: a bug nobody awaited/);
      const log = fs.readFileSync(path.join(dataDir, 'logs', 'headless.log'), 'utf8');
      expect(log).toMatch(kind === 'exception' ? /"uncaught exception: exiting"/ : /"unhandled promise rejection: exiting"/);
    });
  }
});

// The desktop main process decides differently (docs/architecture.md, "Error model"): it keeps
// running while the core's thread serves, and exits non-zero after telling the user when not.
function runDesktop(kind: 'exception' | 'rejection', core: 'serving' | 'down') {
  const tmp = tempDir();
  dirs.push(tmp);
  const child = spawn(process.execPath, [desktopBundle, tmp.dir, kind, core], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise<{ code: number | null; steps: { step: string; message?: string; code?: number }[]; log: string }>((resolve) =>
    child.once('exit', (code) =>
      resolve({
        code,
        steps: stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { step: string }),
        log: fs.readFileSync(path.join(tmp.dir, 'logs', 'desktop.log'), 'utf8'),
      }),
    ),
  );
}

describe('the last-resort handler of the desktop main process, on a real process', () => {
  for (const kind of ['exception', 'rejection'] as const) {
    const logged = kind === 'exception' ? '"uncaught exception in the main process"' : '"unhandled promise rejection in the main process"';
    const message = kind === 'exception' ? 'a bug in a timer' : 'a bug nobody awaited';

    it(`logs an uncaught ${kind}, tells the user and keeps running while the core serves`, async () => {
      const { code, steps, log } = await runDesktop(kind, 'serving');
      expect(steps.map((s) => s.step)).toEqual(['asked', 'alive']);
      expect(steps[0]!.message).toContain(message);
      expect(code).toBe(0);
      expect(log).toContain(logged);
      expect(log).toContain(message);
    });

    it(`logs an uncaught ${kind}, tells the user and exits ${FATAL_EXIT_CODE} when the core is down`, async () => {
      const { code, steps, log } = await runDesktop(kind, 'down');
      expect(steps.map((s) => s.step)).toEqual(['fatal', 'shutdown']);
      expect(code).toBe(FATAL_EXIT_CODE);
      expect(log).toContain(logged);
      expect(log).toMatch(/: exiting"/);
    });
  }
});
