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
const dirs: { remove(): void }[] = [];

beforeAll(async () => {
  await build({
    entryPoints: [path.join(ROOT, 'test/support/last-resort-child.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'pino', 'rotating-file-stream'],
    define: { __HOOKBAY_VERSION__: '"0.0.0-test"' },
    logLevel: 'silent',
  });
});
afterAll(() => {
  fs.rmSync(bundle, { force: true });
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
