import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HookbayEvent } from '../../../src-main/contract/events';
import { Hookbay } from '../../../src-main/core/hookbay';
import { createHandlers } from '../../../src-main/core/service';
import { contractClient } from '../../support/app';
import { recordingLogger } from '../../support/logger';
import { until } from '../../support/relay-app';
import { send, startTarget, type TargetServer } from '../../support/target-server';
import { tempDir } from '../../support/temp';

// Issue 11 items 2 and 7: background work never kills the process, and its failures are seen
// (a log line, a `problem` event, `degraded` health until a write succeeds). Failures are
// injected into a real Hookbay on a temp data directory: throwing hooks, and SQLite
// triggers that make a real write fail the way a full disk does.

let app: Hookbay | null = null;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start() {
  const tmp = tempDir();
  cleanups.push(() => tmp.remove());
  const log = recordingLogger();
  app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: log });
  const events: HookbayEvent[] = [];
  app.events.subscribe((e) => events.push(e));
  // A second connection to the same file, as a failing disk would be seen by the first.
  const saboteur = new Database(path.join(tmp.dir, 'hookbay.db'));
  cleanups.push(() => saboteur.close());
  const fail = (table: string, op: 'INSERT' | 'UPDATE' = 'INSERT') =>
    saboteur.exec(`CREATE TRIGGER fail_${table} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  const heal = (table: string) => saboteur.exec(`DROP TRIGGER fail_${table}`);
  return { app, api: contractClient(createHandlers(app)), log, events, fail, heal };
}

const problems = (events: HookbayEvent[]) => events.flatMap((e) => (e.type === 'problem' ? [e.problem] : []));

describe('background failures become outcomes', () => {
  it('a capture hook that throws after the commit: the capture is acknowledged, a problem is raised, the process carries on', async () => {
    const { app, events, log } = await start();
    app.writer.use({
      committed: () => {
        throw new Error('listener bug');
      },
    });
    const first = await send(`${app.receiverUrl}/`, { body: 'one' });
    const second = await send(`${app.receiverUrl}/`, { body: 'two' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(app.requests.list({}, 10)).toHaveLength(2);
    expect(problems(events).map((p) => p.kind)).toEqual(['background', 'background']);
    expect(log.entries.some((e) => e.level === 'error' && /capture step failed/.test(e.message))).toBe(true);
  });

  it('a capture hook that throws before the insert: the capture is still stored and acknowledged', async () => {
    const { app, events } = await start();
    app.writer.use({
      prepare: () => {
        throw new Error('verdict bug');
      },
    });
    const res = await send(`${app.receiverUrl}/`, { body: 'kept' });
    expect(res.status).toBe(200);
    expect(app.requests.list({}, 10)).toHaveLength(1);
    expect(problems(events)).toHaveLength(1);
  });

  it('a receiver storage failure: 503, a storage problem, a log line, health degraded until a write succeeds', async () => {
    const { app, api, events, log, fail, heal } = await start();
    expect((await api.health({})).status).toBe('ok');
    fail('requests');
    const refused = await send(`${app.receiverUrl}/`, { body: 'refused' });
    expect(refused.status).toBe(503);
    const health = await api.health({});
    expect(health.status).toBe('degraded');
    expect(health.problems[0]!.message).toMatch(/database or disk is full/);
    expect(problems(events).map((p) => p.kind)).toEqual(['storage']);
    expect(events.some((e) => e.type === 'health.changed' && e.health.status === 'degraded')).toBe(true);
    expect(log.entries.some((e) => e.level === 'error' && /storage failed/.test(e.message))).toBe(true);

    // Still failing: no second problem, still degraded.
    expect((await send(`${app.receiverUrl}/`, { body: 'again' })).status).toBe(503);
    expect(problems(events)).toHaveLength(1);

    heal('requests');
    expect((await send(`${app.receiverUrl}/`, { body: 'stored' })).status).toBe(200);
    expect((await api.health({})).status).toBe('ok');
    expect(events.filter((e) => e.type === 'health.changed').at(-1)).toMatchObject({ health: { status: 'ok', problems: [] } });
  });

  it("a relay storage failure (outcomes cannot be written): degraded, and the relay keeps going once it heals", async () => {
    const target: TargetServer = await startTarget();
    cleanups.push(() => target.close());
    const { app, api, events, fail, heal } = await start();
    await api.createEndpoint({ name: 'fwd', slug: 'fwd', forward: [{ url: target.url }] });
    fail('delivery_attempts');
    expect((await send(`${app.receiverUrl}/fwd`, { body: 'a' })).status).toBe(200);
    await target.waitFor(1);
    await until(() => problems(events).some((p) => p.kind === 'storage'), 5000, 'a storage problem');
    expect((await api.health({})).status).toBe('degraded');
    heal('delivery_attempts');
    expect((await send(`${app.receiverUrl}/fwd`, { body: 'b' })).status).toBe(200);
    await target.waitFor(2);
    await until(async () => (await api.health({})).status === 'ok', 5000, 'healthy again');
  });

  it('a claim that cannot be written (from the retry timer) is a storage problem, not an uncaught exception', async () => {
    let answer = 503;
    const target: TargetServer = await startTarget((_req, res) => {
      res.writeHead(answer);
      res.end();
    });
    cleanups.push(() => target.close());
    const { app, api, events, fail } = await start();
    await api.createEndpoint({
      name: 'retry',
      slug: 'retry',
      forward: [{ url: target.url }],
      retry: { maxAttempts: 5, initialIntervalMs: 300, factor: 1 },
    });
    expect((await send(`${app.receiverUrl}/retry`, { body: 'x' })).status).toBe(200);
    await target.waitFor(1);
    await until(() => app.relay.deliveriesOf(1)[0]?.state === 'scheduled', 5000, 'scheduled retry');
    fail('deliveries', 'UPDATE');
    answer = 200;
    await until(() => problems(events).some((p) => p.kind === 'storage'), 5000, 'a storage problem');
    expect((await api.health({})).status).toBe('degraded');
    // Still serving.
    expect((await api.health({})).ok).toBe(true);
  });
});

describe('background jobs at start', () => {
  it('retention that cannot delete does not stop Hookbay from starting: a problem, and capture works', async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const config = { dataDir: tmp.dir, receiverPort: 0, receiverHost: '127.0.0.1', retention: { maxRows: 1, maxAgeDays: null } };
    const first = await Hookbay.start(config, { logger: recordingLogger() });
    for (const body of ['a', 'b']) expect((await send(`${first.receiverUrl}/`, { body })).status).toBe(200);
    await first.close();
    const db = new Database(path.join(tmp.dir, 'hookbay.db'));
    db.exec("CREATE TRIGGER no_delete BEFORE DELETE ON requests BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
    db.close();

    const log = recordingLogger();
    app = await Hookbay.start(config, { logger: log });
    expect(log.entries.some((e) => e.level === 'error' && /retention/.test(e.message))).toBe(true);
    expect((await send(`${app.receiverUrl}/`, { body: 'c' })).status).toBe(200);
  });
});

describe('the relay paused (safe mode)', () => {
  it('queues captures while paused, says so in health, and sends them on resume', async () => {
    const target: TargetServer = await startTarget();
    cleanups.push(() => target.close());
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger(), safe: true });
    const api = contractClient(createHandlers(app));
    await api.createEndpoint({ name: 'fwd', slug: 'fwd', forward: [{ url: target.url }] });
    expect((await api.health({})).relay).toBe('paused');
    expect((await send(`${app.receiverUrl}/fwd`, { body: 'held' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(target.received).toHaveLength(0);
    expect((await api.resumeRelay({})).relay).toBe('running');
    await target.waitFor(1);
    expect(target.received[0]!.body.toString()).toBe('held');
  });
});
