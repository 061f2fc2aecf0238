import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { writePrivateFile } from '../../../src-main/core/store/private-files';
import { lockPath, writeLock, type LockInfo } from '../../../src-main/headless/lock-file';
import { tempDir } from '../../support/temp';

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function fresh(): string {
  const t = tempDir();
  cleanups.push(() => t.remove());
  return t.dir;
}
/** Runs `f` under the most permissive umask, so only the writer's own care keeps files private. */
function underUmask0<T>(f: () => T): T {
  const old = process.umask(0o000);
  try {
    return f();
  } finally {
    process.umask(old);
  }
}

describe('writePrivateFile', () => {
  it('writes every file 0600 and every directory it creates 0700 under umask 000, whatever was there (property)', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    const before = fc.constantFrom<number | 'absent'>('absent', 0o644, 0o666, 0o777, 0o600, 0o400, 0o000);
    const data = fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 70_000 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 2 }), segment, before, data, (dirs, name, existing, content) => {
        const root = fresh();
        const file = path.join(root, ...dirs, `${name}.file`);
        if (existing !== 'absent') {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, 'older content');
          fs.chmodSync(file, existing);
        }
        underUmask0(() => writePrivateFile(file, content));
        expect(modeOf(file).toString(8)).toBe('600');
        expect(fs.readFileSync(file)).toEqual(Buffer.from(content));
        if (existing === 'absent') {
          for (let d = path.dirname(file); d !== root; d = path.dirname(d)) expect(modeOf(d).toString(8)).toBe('700');
        }
        // Nothing left beside it: the temporary file was renamed, not copied.
        expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves the old file and no temporary file behind when it cannot write', () => {
    const root = fresh();
    const target = path.join(root, 'is-a-directory');
    fs.mkdirSync(target);
    expect(() => writePrivateFile(target, 'x')).toThrow();
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readdirSync(root)).toEqual(['is-a-directory']);
  });
});

describe('the lock file, written through writePrivateFile', () => {
  const info = (pid: number, token: string): LockInfo => ({ pid, apiUrl: 'http://127.0.0.1:1', receiverUrl: 'http://127.0.0.1:2', token, version: 'test' });

  it('replaces a lock an older version left 0644 with a 0600 one, under umask 000', () => {
    const dataDir = fresh();
    fs.writeFileSync(lockPath(dataDir), '{}', { mode: 0o644 });
    fs.chmodSync(lockPath(dataDir), 0o644);
    underUmask0(() => writeLock(dataDir, info(1, 'secret-token')));
    expect(modeOf(lockPath(dataDir)).toString(8)).toBe('600');
  });

  it('is never missing nor half-written for a reader while a server rewrites it', async () => {
    const dataDir = fresh();
    // A long token widens the window in which a non-atomic write would be seen half done.
    const token = 't'.repeat(256 * 1024);
    writeLock(dataDir, info(0, token));
    // Another thread reads the lock as `hookbay requests` would, as fast as it can.
    const reader = new Worker(
      `const fs = require('node:fs');
       const { parentPort, workerData } = require('node:worker_threads');
       let stop = false, reads = 0;
       const bad = [];
       parentPort.on('message', () => { stop = true; });
       (function loop() {
         for (let i = 0; i < 50 && !stop; i++) {
           reads++;
           try { JSON.parse(fs.readFileSync(workerData, 'utf8')); }
           catch (err) { if (bad.length < 5) bad.push(err.code || err.message.slice(0, 60)); }
         }
         if (stop) parentPort.postMessage({ reads, bad }); else setImmediate(loop);
       })();`,
      { eval: true, workerData: lockPath(dataDir) },
    );
    cleanups.push(() => void reader.terminate());
    for (let pid = 1; pid <= 150; pid++) {
      writeLock(dataDir, info(pid, token));
      // Let the reader's thread in between writes on a busy machine.
      if (pid % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const done = new Promise<{ reads: number; bad: string[] }>((resolve) => reader.once('message', resolve));
    reader.postMessage('stop');
    const { reads, bad } = await done;
    expect(reads).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });
});
