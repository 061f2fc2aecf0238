import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli-process';
import { startServe } from '../support/serve-process';
import { startTarget, type TargetServer } from '../support/target-server';
import { tempDir } from '../support/temp';

const tmp = tempDir();
const DATA = path.join(tmp.dir, 'data');
let target: TargetServer;

/** Fills a data directory through a real `serve`, then stops it: a bare directory, as after a run. */
beforeAll(async () => {
  target = await startTarget();
  const s = await startServe(DATA);
  const send = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.receiverUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await send('/orders', { type: 'invoice.paid', n: 1 });
  await send('/orders', { type: 'charge.failed', n: 2 });
  await fetch(`${s.receiverUrl}/ping`);
  s.child.kill('SIGTERM');
  await s.exited;
});
afterAll(async () => {
  await target.close();
  tmp.remove();
});

describe('requests, replay and export on a bare data directory', () => {
  it('lists requests newest first, filtered with the inspector syntax', async () => {
    const all = await runCli(['requests', '--data', DATA]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['#3', '#2', '#1']);
    const some = await runCli(['requests', 'method:POST', 'event:invoice.paid', '--json', '--data', DATA]);
    const rows = some.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; eventType: string });
    expect(rows.map((r) => [r.id, r.eventType])).toEqual([[1, 'invoice.paid']]);
    const text = await runCli(['requests', 'charge', '--json'], { HOOKBAY_DATA: DATA });
    expect(text.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([2]);
    // The search box's negation, as typed: not an unknown option `-m`.
    const notGet = await runCli(['requests', '-m:GET', '--json', '--data', DATA]);
    expect(notGet.code, notGet.stderr).toBe(0);
    expect(notGet.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([2, 1]);
    // A read-only command leaves no lock and starts nothing that stays.
    expect(fs.existsSync(path.join(DATA, 'hookbay.lock'))).toBe(false);
  });

  it('exports a filtered HAR', async () => {
    const file = path.join(tmp.dir, 'get.har');
    const r = await runCli(['export', '--har', file, 'method:GET', '--data', DATA]);
    expect(r.code, r.stderr).toBe(0);
    const har = JSON.parse(fs.readFileSync(file, 'utf8')) as { log: { entries: { request: { method: string; url: string } }[] } };
    expect(har.log.entries.map((e) => e.request.method)).toEqual(['GET']);
    expect(r.stderr).toContain(`Wrote ${fs.statSync(file).size} bytes to`);
  });

  it('replays to a URL, byte-exact, and prints the answer', async () => {
    const r = await runCli(['replay', '1', '--to', `${target.url}/again`, '--data', DATA]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Replayed #1 as #4$/m);
    expect(r.stdout).toMatch(new RegExp(`^<-- 200 ${target.url}/again {2}\\d+ ms {2}#4$`, 'm'));
    const got = target.received.at(-1)!;
    expect(JSON.parse(got.body.toString())).toEqual({ type: 'invoice.paid', n: 1 });
    const listed = await runCli(['requests', '--json', '--limit', '1', '--data', DATA]);
    expect(JSON.parse(listed.stdout)).toMatchObject({ id: 4, replayOf: 1, via: 'replay' });
  });

  it.each([
    [['replay'], /give the id of a captured request/],
    [['replay', 'x'], /give the id/],
    [['export', 'dl:failed'], /--har FILE or --json-file FILE is required/],
    [['requests', '--limit', '0'], /--limit: expected a whole number from 1 to 100000, got "0"/],
  ])('exits 2 for %j', async (args, message) => {
    const r = await runCli([...args, '--data', DATA]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 1 naming the problem: an unknown request, a directory without data', async () => {
    const missing = await runCli(['replay', '999', '--to', target.url, '--data', DATA]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Request 999/);
    const empty = await runCli(['requests', '--data', path.join(tmp.dir, 'nothing-here')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no Hookbay data in .*nothing-here/);
  });
});

describe('requests, replay and export beside a running serve', () => {
  it('go through its API (found by the 0600 lock file)', async () => {
    const serve = startCli(['serve', '--json', '--data', DATA, '--port', '0', '--ui-port', '0']);
    try {
      await serve.waitFor(/"type":"ready"/);
      const lock = fs.statSync(path.join(DATA, 'hookbay.lock'));
      expect(lock.mode & 0o777).toBe(0o600);
      const listed = await runCli(['requests', 'event:charge.failed', '--json', '--data', DATA]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject({ id: 2 });
      const r = await runCli(['replay', '2', '--to', target.url, '--json', '--data', DATA]);
      expect(r.code, r.stderr).toBe(0);
      const [result, attempt] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(result).toMatchObject({ type: 'replay', resigned: false });
      expect(attempt).toMatchObject({ type: 'attempt', status: 200, ok: true });
      // The serve stored and sent it: its own live stream shows the replay.
      await serve.waitFor(new RegExp(`"type":"request","id":${String(result!.requestId)},.*"via":"replay"`));
      const file = path.join(tmp.dir, 'all.har');
      expect((await runCli(['export', '--har', file, '--data', DATA])).code).toBe(0);
      expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { log: { entries: unknown[] } }).log.entries.length).toBeGreaterThanOrEqual(4);
    } finally {
      await serve.stop();
    }
    expect(fs.existsSync(path.join(DATA, 'hookbay.lock'))).toBe(false);
  });
});

describe('a read-only command beside a Hookbay that wrote no lock (the desktop app)', () => {
  it('leaves its deliveries alone: nothing marked interrupted, nothing sent again', async () => {
    const dir = path.join(tmp.dir, 'beside-desktop');
    // A local app that takes its time: the delivery stays in flight.
    const slow = await startTarget(() => {});
    const listen = startCli(['listen', '--json', '--forward-to', String(slow.port), '--port', '0', '--ui-port', '0', '--data', dir]);
    try {
      const m = await listen.waitFor(/"receiverUrl":"([^"]+)"/);
      await fetch(m[1]!, { method: 'POST', body: '{"type":"x"}' });
      await slow.waitFor(1);
      fs.rmSync(path.join(dir, 'hookbay.lock'));
      const outbox = () => {
        const db = new Database(path.join(dir, 'hookbay.db'), { readonly: true });
        try {
          return db.prepare('SELECT d.state, d.attempt_count, (SELECT COUNT(*) FROM delivery_attempts a WHERE a.delivery_id = d.id) AS n FROM deliveries d').all();
        } finally {
          db.close();
        }
      };
      const before = outbox();
      expect(before).toEqual([{ state: 'in_flight', attempt_count: 1, n: 0 }]);
      const r = await runCli(['requests', '--data', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(outbox()).toEqual(before);
      expect(slow.received).toHaveLength(1);
      // Replaying runs a relay, which would take the live attempt for a dead process's and
      // send it again: refused, naming the Hookbay that has the directory.
      const replay = await runCli(['replay', '1', '--to', target.url, '--data', dir]);
      expect(replay.code).toBe(1);
      expect(replay.stderr).toMatch(new RegExp(`another Hookbay \\(hookbay listen, pid ${listen.child.pid}, API http://127\\.0\\.0\\.1:\\d+\\) is using ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; replay through it`));
      expect(outbox()).toEqual(before);
      expect(slow.received).toHaveLength(1);
    } finally {
      await listen.stop();
      await slow.close();
    }
  });
});

describe('replay beside the desktop app', () => {
  it('refuses to open a data directory the desktop app holds (its single-instance lock names a live pid)', async () => {
    const dir = path.join(tmp.dir, 'desktop-open');
    fs.cpSync(DATA, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'hookbay.lock'), { force: true });
    // What Electron's requestSingleInstanceLock leaves: a symlink to "<host>-<pid>" (a live pid here).
    fs.symlinkSync(`testhost-${process.pid}`, path.join(dir, 'SingletonLock'));
    const r = await runCli(['replay', '1', '--to', target.url, '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the desktop app has ${dir} open; replay from its inspector, or close it and try again`);
    // Reading is fine beside it.
    expect((await runCli(['requests', '--data', dir])).code).toBe(0);
  });
});
