import type http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { kill, spawnRelayChild, type RelayChild } from '../../support/spawn-relay-child';
import { recordingLogger } from '../../support/logger';
import { header, send, startTarget, type TargetServer } from '../../support/target-server';
import { tempDir } from '../../support/temp';

let children: RelayChild[] = [];
let target: TargetServer | null = null;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  await Promise.all(children.map(kill));
  children = [];
  await target?.close();
  target = null;
});

interface Row {
  state: string;
  attempts: { status: number | null; errorClass: string | null }[];
}

function deliveryOf(dataDir: string, requestId: number): Row {
  const db = new Database(path.join(dataDir, 'hookbay.db'), { readonly: true });
  try {
    const d = db.prepare('SELECT id, state FROM deliveries WHERE request_id = ?').get(requestId) as { id: number; state: string };
    const attempts = db
      .prepare('SELECT status, error_class AS errorClass FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt')
      .all(d.id) as Row['attempts'];
    return { state: d.state, attempts };
  } finally {
    db.close();
  }
}

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('a second Hookbay starting on a data directory another one runs', () => {
  it("is refused, naming the owner, and leaves the first one's attempt in flight alone (no interruption, no second send)", async () => {
    // The target holds the first attempt open, so it is in flight while the second Hookbay starts.
    let held: http.ServerResponse | null = null;
    target = await startTarget((_req, res, i) => {
      if (i === 0) {
        held = res;
        return;
      }
      res.writeHead(200);
      res.end();
    });
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const dataDir = tmp.dir;
    const first = await spawnRelayChild(dataDir, target.url, 100);
    children.push(first);
    const res = await send(`${first.receiverUrl}/crash`, { body: 'in flight' });
    const requestId = Number(header(res.headers, 'X-Hookbay-Request-Id'));
    await target.waitFor(1);
    expect(deliveryOf(dataDir, requestId)).toEqual({ state: 'in_flight', attempts: [] });

    // What `hookbay serve` (or the desktop app) does on start: a core whose relay resumes.
    const started = await Hookbay.start({ dataDir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger() }).then(
      (app) => {
        cleanups.push(() => app.close());
        return null;
      },
      (err: Error & { code?: string }) => err,
    );
    // Long enough for a relay that took the row as a dead process's to resend it (interval 100 ms).
    await new Promise((r) => setTimeout(r, 600));
    expect(target.received).toHaveLength(1);
    expect(deliveryOf(dataDir, requestId)).toEqual({ state: 'in_flight', attempts: [] });
    expect(started?.code).toBe('data_dir_owned');
    expect(started?.message).toMatch(new RegExp(`another Hookbay \\(.*pid ${first.process.pid}.*\\) is using ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    // The first one's answer arrives: recorded once, as delivered.
    held!.writeHead(200);
    held!.end();
    await until(() => deliveryOf(dataDir, requestId).state === 'delivered');
    expect(deliveryOf(dataDir, requestId).attempts).toEqual([{ status: 200, errorClass: null }]);
    expect(target.received).toHaveLength(1);
  });
});
