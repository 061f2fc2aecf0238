import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe } from '../support/serve-process';
import { tempDir } from '../support/temp';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** Posts a numbered body; resolves with the stored id on 2xx, null on any failure. */
function post(agent: http.Agent, base: string, n: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.request(`${base}/kill/${n}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? Number(res.headers['x-hookbay-request-id']) : null));
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    req.end(JSON.stringify({ n, pad: 'x'.repeat(512), tag: 'killpad' }));
  });
}

describe('durability', () => {
  it('loses no acknowledged request when killed with SIGKILL under load', async () => {
    const serve = await startServe(tmp.dir);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const acked = new Map<number, number>();
    let n = 0;
    let stop = false;
    const workers = Array.from({ length: 32 }, async () => {
      while (!stop) {
        const mine = n++;
        const id = await post(agent, serve.receiverUrl, mine);
        if (id !== null) acked.set(mine, id);
      }
    });
    // Let load build up (counted in acknowledgements, not milliseconds: a busy machine is slower),
    // then kill without warning while requests are in flight.
    const loadUntil = Date.now() + 30_000;
    while (acked.size < 250 && Date.now() < loadUntil) await new Promise((r) => setTimeout(r, 20));
    serve.child.kill('SIGKILL');
    await serve.exited;
    stop = true;
    await Promise.all(workers);
    agent.destroy();
    expect(acked.size).toBeGreaterThan(200);

    const db = new Database(path.join(tmp.dir, 'hookbay.db'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare("SELECT id, path FROM requests WHERE path LIKE '/kill/%'").all() as { id: number; path: string }[];
      const stored = new Map(rows.map((r) => [Number(r.path.slice('/kill/'.length)), r.id]));
      const missing = [...acked.keys()].filter((k) => stored.get(k) !== acked.get(k));
      expect(missing).toEqual([]);
    } finally {
      db.close();
    }

    // And the server comes back on the same data.
    const again = await startServe(tmp.dir);
    const auth = { headers: { Authorization: `Bearer ${again.token}` } };
    const res = await fetch(`${again.apiUrl}/api/requests?limit=1`, auth);
    expect(res.status).toBe(200);

    // Full-text search (indexed off the capture path, interrupted by the kill) finds every
    // acknowledged request, and a sample reads back byte-exact through the API.
    const found = new Set<number>();
    for (let cursor = ''; ; ) {
      const page = (await (await fetch(`${again.apiUrl}/api/requests?q=killpad&limit=1000${cursor}`, auth)).json()) as {
        items: { id: number }[];
        nextCursor: string | null;
      };
      for (const i of page.items) found.add(i.id);
      if (!page.nextCursor) break;
      cursor = `&cursor=${page.nextCursor}`;
    }
    expect([...acked.values()].filter((id) => !found.has(id))).toEqual([]);
    for (const [k, id] of [...acked].filter((_, i) => i % 50 === 0)) {
      const detail = (await (await fetch(`${again.apiUrl}/api/requests/${id}`, auth)).json()) as { bodyBase64: string };
      expect(Buffer.from(detail.bodyBase64, 'base64').toString()).toBe(JSON.stringify({ n: k, pad: 'x'.repeat(512), tag: 'killpad' }));
    }
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);
});
