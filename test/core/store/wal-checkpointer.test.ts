/**
 * F9 (docs/fuzzing.md): a WAL checkpoint copied ~32 MiB to the database file inside the commit
 * of a capture, on the event loop. Real SQLite files: the capture connection must not
 * checkpoint below the hard size, the worker must keep the WAL small, and with the worker
 * gone the WAL must stay bounded (the capture connection checkpoints past the hard size)
 * and the failure must be reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { openDatabase, type Db } from '../../../src-main/core/store/database';
import { WalCheckpointer } from '../../../src-main/core/store/wal-checkpointer';
import { tempDir } from '../../support/temp';

const MiB = 1024 * 1024;
const tmp = tempDir();
const open: { db: Db; cp: WalCheckpointer }[] = [];

afterEach(async () => {
  for (const { db, cp } of open.splice(0)) {
    await cp.stop();
    db.close();
  }
});

function setup(name: string, options: { hardBytes?: number; keepBytes?: number; intervalMs?: number; minGapMs?: number; gapBytes?: number } = {}) {
  const file = path.join(tmp.dir, `${name}.db`);
  const db = openDatabase(file, { migrations: [] });
  db.exec('CREATE TABLE big (id INTEGER PRIMARY KEY, body BLOB)');
  const failures: Error[] = [];
  const cp = new WalCheckpointer(db, file, { intervalMs: 50, ...options, onFailure: (err) => failures.push(err) });
  open.push({ db, cp });
  const insert = db.prepare('INSERT INTO big (body) VALUES (?)');
  const body = Buffer.alloc(MiB, 'a');
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return {
    db,
    cp,
    failures,
    write: () => {
      insert.run(body);
      cp.committed();
    },
    dbSize: () => size(file),
    walSize: () => size(`${file}-wal`),
  };
}

afterAll(() => tmp.remove());

describe('WAL checkpoints', () => {
  it('the capture connection does not checkpoint 40 MiB of WAL itself (SQLite would at 32 MiB)', () => {
    const s = setup('no-main-checkpoint');
    const before = s.dbSize();
    for (let i = 0; i < 40; i++) s.write();
    // Nothing was copied into the database file: every page is still only in the WAL.
    expect(s.dbSize()).toBe(before);
    expect(s.walSize()).toBeGreaterThan(40 * MiB);
  });

  it('the worker checkpoints: the data reaches the database file and the WAL stays well below the hard size', async () => {
    const w = setup('worker2');
    w.cp.start();
    let maxWal = 0;
    for (let i = 0; i < 60; i++) {
      w.write();
      maxWal = Math.max(maxWal, w.walSize());
      // Let the worker run now and then, as the event loop does between captures.
      if (i % 5 === 4) await w.cp.nextReport();
    }
    // Bounded loop (reports come every 50 ms): wait until the worker has copied everything.
    for (let i = 0; i < 100 && w.dbSize() < 60 * MiB; i++) await w.cp.nextReport();
    expect(w.dbSize()).toBeGreaterThan(60 * MiB);
    // Only the worker can have copied it: the capture connection's limit is 256 MiB.
    expect(maxWal).toBeLessThan(128 * MiB);
    expect(w.failures).toEqual([]);
  });

  it('nudges within the gap after a checkpoint become one checkpoint when it has passed', async () => {
    // A checkpoint per batch cost the capture floor ~45% (fsyncs, hot pages copied again).
    const s = setup('gap', { intervalMs: 60_000, minGapMs: 1000 });
    s.cp.start();
    await s.cp.nextReport(); // the worker is up
    const first = s.cp.nextReport();
    s.write();
    expect((await first).runs).toBe(1);
    for (let i = 0; i < 5; i++) s.write();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.cp.last.runs).toBe(1);
    const second = await s.cp.nextReport();
    expect(second.runs).toBe(2);
    expect(second.log).toBeGreaterThan(0);
    expect(second.checkpointed).toBe(second.log);
  });

  it('large bodies do not wait for the gap: past gapBytes committed since the last checkpoint, the next runs at once', async () => {
    // A 50 ms gap made 100 KiB captures ~28 % slower (the WAL grew into new pages instead of being reused).
    const s = setup('gap-bytes', { intervalMs: 60_000, minGapMs: 60_000, gapBytes: 2 * MiB });
    s.cp.start();
    await s.cp.nextReport();
    const first = s.cp.nextReport();
    s.write();
    expect((await first).runs).toBe(1);
    const second = s.cp.nextReport();
    s.db.prepare('INSERT INTO big (body) VALUES (?)').run(Buffer.alloc(MiB, 'b'));
    s.cp.committed(MiB); // below gapBytes: waits for the 60 s gap
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.cp.last.runs).toBe(1);
    s.db.prepare('INSERT INTO big (body) VALUES (?)').run(Buffer.alloc(MiB, 'c'));
    s.cp.committed(MiB); // 2 MiB since the last checkpoint: now
    const r = await second;
    expect(r.runs).toBe(2);
    expect(r.checkpointed).toBe(r.log);
  });

  it('stop() does not wait for a checkpoint still waiting for its gap (nor run it on the closed connection)', async () => {
    const s = setup('stop-gap', { intervalMs: 60_000, minGapMs: 5000 });
    s.cp.start();
    await s.cp.nextReport();
    const first = s.cp.nextReport();
    s.write();
    await first;
    s.write(); // scheduled 5 s after the first checkpoint
    const started = performance.now();
    await s.cp.stop();
    // Without clearing the pending checkpoint, the worker lived until the stop's 2 s kill timer.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(s.failures).toEqual([]);
  });

  it('with the worker gone, the failure is reported and the WAL stays bounded by the hard size', async () => {
    const s = setup('fallback', { hardBytes: 8 * MiB, keepBytes: 4 * MiB });
    s.cp.start();
    await s.cp.nextReport();
    await s.cp.kill();
    // The exit event arrives on the loop.
    for (let i = 0; i < 100 && s.failures.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.failures).toHaveLength(1);
    expect(s.cp.running).toBe(false);
    let maxWal = 0;
    for (let i = 0; i < 40; i++) {
      s.write();
      maxWal = Math.max(maxWal, s.walSize());
    }
    // The hard size plus the commit that crossed it (and its frame headers).
    expect(maxWal).toBeLessThan(10 * MiB);
    expect(s.dbSize()).toBeGreaterThan(30 * MiB);
  });

  it('Hookbay runs it: a capture is checkpointed by the worker, and close() ends it', async () => {
    const app = await Hookbay.start({ dataDir: path.join(tmp.dir, 'app'), receiverPort: 0 }, { restoreTunnel: false });
    try {
      expect(app.db.pragma('wal_autocheckpoint', { simple: true })).toBe(8192);
      const res = await fetch(`${app.receiverUrl}/x`, { method: 'POST', body: 'a'.repeat(MiB) });
      expect(res.status).toBe(200);
      let r = await app.checkpoints!.nextReport();
      for (let i = 0; i < 50 && !(r.log! > 0 && r.log === r.checkpointed); i++) r = await app.checkpoints!.nextReport();
      expect(r.log).toBeGreaterThan(0);
      expect(r.checkpointed).toBe(r.log);
      expect(app.checkpoints!.running).toBe(true);
    } finally {
      await app.close();
    }
    expect(app.checkpoints!.running).toBe(false);
  });
});
