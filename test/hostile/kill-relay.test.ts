import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/serve-process';
import { startTarget, type TargetServer } from '../support/target-server';
import { tempDir } from '../support/temp';

// test/core/relay/crash-resume.test.ts kills a core child during one delivery's backoff;
// this kills the real `hookbay serve` during a capture burst whose deliveries are all
// failing and waiting to retry, and checks none of them is lost.

const tmp = tempDir();
let target: TargetServer | null = null;
const serves: ServeProcess[] = [];
afterAll(async () => {
  for (const s of serves) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await target?.close();
  tmp.remove();
});

let healthy = false;
const INTERVAL = 2000;

function post(agent: http.Agent, base: string, n: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.request(`${base}/relayed/${n}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? Number(res.headers['x-hookbay-request-id']) : null));
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    req.end(JSON.stringify({ type: 'relay.burst', n }));
  });
}

describe('SIGKILL during retry backoff', () => {
  it('keeps every acknowledged request and its scheduled delivery, and delivers them all after restart', async () => {
    target = await startTarget((_req, res) => {
      res.writeHead(healthy ? 200 : 503);
      res.end();
    });
    const serve = await startServe(tmp.dir);
    serves.push(serve);
    const created = await fetch(`${serve.apiUrl}/api/endpoints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'Relayed',
        slug: 'relayed',
        forward: [{ url: target.url, concurrency: 8 }],
        retry: { maxAttempts: 10, initialIntervalMs: INTERVAL, factor: 1 },
      }),
    });
    expect(created.status).toBe(201);

    // A burst; the target refuses every first attempt, so deliveries pile up in backoff.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const acked = new Map<number, number>();
    let n = 0;
    let stop = false;
    const workers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const mine = n++;
        const id = await post(agent, serve.receiverUrl, mine);
        if (id !== null) acked.set(mine, id);
      }
    });
    // Until the burst has been acknowledged in bulk, not a fixed time: on a loaded machine
    // 800 ms once gave 21 acks. Retries are 2 s apart and 10 deep, so waiting longer still
    // kills the server while deliveries sit in backoff.
    const burstBy = Date.now() + 15_000;
    while (acked.size <= 50 && Date.now() < burstBy) await new Promise((r) => setTimeout(r, 50));
    serve.child.kill('SIGKILL');
    await serve.exited;
    stop = true;
    await Promise.all(workers);
    agent.destroy();
    expect(acked.size).toBeGreaterThan(50);
    expect(target.received.length).toBeGreaterThan(0); // first attempts did go out (and failed)

    // On disk: intact, and every acknowledged request has an open delivery (none delivered yet).
    const db = new Database(path.join(tmp.dir, 'hookbay.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT request_id, state FROM deliveries').all() as { request_id: number; state: string }[];
      const byRequest = new Map(rows.map((r) => [r.request_id, r.state]));
      const ackedIds = [...acked.values()];
      expect(ackedIds.filter((id) => !byRequest.has(id))).toEqual([]);
      expect(ackedIds.filter((id) => !['pending', 'scheduled', 'in_flight'].includes(byRequest.get(id)!))).toEqual([]);
      expect(rows.filter((r) => r.state === 'scheduled').length).toBeGreaterThan(0);
    } finally {
      db.close();
    }

    // The target recovers; the restarted server works through the backlog.
    healthy = true;
    const before = target.received.length;
    const again = await startServe(tmp.dir);
    serves.push(again);
    const delivered = new Map<number, number>();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      delivered.clear();
      for (const r of target.received.slice(before)) {
        const k = (JSON.parse(r.body.toString()) as { n: number }).n;
        delivered.set(k, (delivered.get(k) ?? 0) + 1);
      }
      if ([...acked.keys()].every((k) => delivered.has(k))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect([...acked.keys()].filter((k) => !delivered.has(k))).toEqual([]);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);

    const after = new Database(path.join(tmp.dir, 'hookbay.db'), { readonly: true });
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      const open = after
        .prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE state <> 'delivered' AND request_id IN (${[...acked.values()].join(',')})`)
        .get() as { n: number };
      expect(open.n).toBe(0);
    } finally {
      after.close();
    }
  }, 60_000);
});
