import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { kill, spawnRelayChild, type RelayChild } from '../../support/spawn-relay-child';
import { header, send, startTarget, type TargetServer } from '../../support/target-server';
import { tempDir } from '../../support/temp';

let children: RelayChild[] = [];
let target: TargetServer | null = null;
const dirs: { remove(): void }[] = [];

afterEach(async () => {
  await Promise.all(children.map(kill));
  children = [];
  await target?.close();
  target = null;
  for (const d of dirs.splice(0)) d.remove();
});

function dataDirForTest(): string {
  const tmp = tempDir();
  dirs.push(tmp);
  return tmp.dir;
}

interface AttemptRow {
  attempt: number;
  status: number | null;
  error: string | null;
  errorClass: string | null;
}

function attemptsOf(dataDir: string, requestId: number): AttemptRow[] {
  const db = new Database(path.join(dataDir, 'hookbay.db'), { readonly: true });
  try {
    return db
      .prepare(`SELECT a.attempt, a.status, a.error, a.error_class AS errorClass FROM delivery_attempts a
        JOIN deliveries d ON d.id = a.delivery_id WHERE d.request_id = ? ORDER BY a.attempt`)
      .all(requestId) as AttemptRow[];
  } finally {
    db.close();
  }
}

function deliveryStateOf(dataDir: string, requestId: number): { state: string; summary: string } {
  const db = new Database(path.join(dataDir, 'hookbay.db'), { readonly: true });
  try {
    return db
      .prepare(`SELECT d.state, r.delivery_state AS summary FROM deliveries d JOIN requests r ON r.id = d.request_id
        WHERE d.request_id = ?`)
      .get(requestId) as { state: string; summary: string };
  } finally {
    db.close();
  }
}

describe('a relay process killed with SIGKILL', () => {
  it('resumes a delivery killed mid-backoff and delivers it exactly once', async () => {
    const interval = 1500;
    target = await startTarget((_req, res, i) => {
      res.writeHead(i === 0 ? 503 : 200);
      res.end();
    });
    const dataDir = dataDirForTest();
    const first = await spawnRelayChild(dataDir, target.url, interval);
    children.push(first);
    const res = await send(`${first.receiverUrl}/crash`, { body: '{"type":"order.created","id":"evt_1"}' });
    expect(res.status).toBe(200);
    const requestId = Number(header(res.headers, 'X-Hookbay-Request-Id'));
    await target.waitFor(1);
    // The 503 is recorded and the retry is ~1.5 s away: kill the process now.
    await new Promise((r) => setTimeout(r, 200));
    await kill(first);
    const killedAt = Date.now();
    expect(target.received).toHaveLength(1);

    const second = await spawnRelayChild(dataDir, target.url, interval);
    children.push(second);
    await target.waitFor(2, 10_000);
    // It waited for the scheduled time rather than firing at once or starting over.
    expect(target.received[1]!.at - target.received[0]!.at).toBeGreaterThanOrEqual(interval * 0.8);
    await new Promise((r) => setTimeout(r, interval * 1.5));
    expect(target.received).toHaveLength(2);
    expect(target.received[1]!.body.toString()).toBe('{"type":"order.created","id":"evt_1"}');
    await kill(second);
    expect(attemptsOf(dataDir, requestId).map((a) => a.status)).toEqual([503, 200]);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
  });

  it('sends again an attempt that was in flight when it died (at-least-once), and records the interruption', async () => {
    target = await startTarget((_req, res, i) => {
      if (i === 0) return; // hang: the process dies while waiting for this answer
      res.writeHead(200);
      res.end();
    });
    const dataDir = dataDirForTest();
    const first = await spawnRelayChild(dataDir, target.url, 100);
    children.push(first);
    const res = await send(`${first.receiverUrl}/crash`, { body: 'in flight' });
    const requestId = Number(header(res.headers, 'X-Hookbay-Request-Id'));
    await target.waitFor(1);
    await kill(first);
    const second = await spawnRelayChild(dataDir, target.url, 100);
    children.push(second);
    await target.waitFor(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(target.received).toHaveLength(2);
    await kill(second);
    const attempts = attemptsOf(dataDir, requestId);
    expect(attempts.map((a) => a.status)).toEqual([null, 200]);
    expect(attempts[0]!.error).toMatch(/stopped while this attempt was in flight/);
    expect(attempts[0]!.errorClass).toBe('interrupted');
  });

  // Issue 11 item 3: a delivery whose sending kills the process must not kill every start.
  it('parks a delivery as failed after the process died twice while sending it, and does not send it a third time', async () => {
    target = await startTarget(() => {
      /* never answers: each process dies while waiting */
    });
    const dataDir = dataDirForTest();
    const first = await spawnRelayChild(dataDir, target.url, 100);
    children.push(first);
    const res = await send(`${first.receiverUrl}/crash`, { body: 'poison' });
    const requestId = Number(header(res.headers, 'X-Hookbay-Request-Id'));
    await target.waitFor(1);
    await kill(first);

    const second = await spawnRelayChild(dataDir, target.url, 100);
    children.push(second);
    await target.waitFor(2);
    await kill(second);

    const third = await spawnRelayChild(dataDir, target.url, 100);
    children.push(third);
    // Long enough for an immediate resend (interval 100 ms) to reach the target.
    await new Promise((r) => setTimeout(r, 1000));
    expect(target.received).toHaveLength(2);
    await kill(third);
    const attempts = attemptsOf(dataDir, requestId);
    expect(attempts.map((a) => a.errorClass)).toEqual(['interrupted', 'interrupted']);
    expect(attempts[1]!.error).toMatch(/parked as failed/);
    expect(deliveryStateOf(dataDir, requestId)).toEqual({ state: 'failed', summary: 'failed' });
  });
});
