import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryState, Facets } from '../../../src-main/contract/requests';
import type { VerificationStatus } from '../../../src-main/contract/verification';
import { migrate, openDatabase, type Db } from '../../../src-main/core/store/database';
import { DEFAULT_ENDPOINT_ID, EndpointStore } from '../../../src-main/core/store/endpoint-store';
import { SearchIndex } from '../../../src-main/core/capture/search-index';
import { FacetStore } from '../../../src-main/core/store/facet-store';
import { filterSql } from '../../../src-main/core/store/filter-sql';
import { migrations } from '../../../src-main/core/store/migrations';
import { DeliveryStore } from '../../../src-main/core/store/delivery-store';
import { KeptCounts } from '../../../src-main/core/store/kept-counts';
import { RequestStore } from '../../../src-main/core/store/request-store';
import { Retention } from '../../../src-main/core/store/retention';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { tempDir } from '../../support/temp';

/**
 * Counts are kept (migration 003: triggers for deletes and mark-read, store/kept-counts.ts for
 * inserts and updates) instead of recounted. For any sequence of the writes the app makes —
 * capture (in group-commit batches, some rolled back), delete, clear, retention by rows and
 * by age, mark-read, derived event types, re-verification, delivery state set directly and
 * followed by the delivery store from its delivery rows, endpoints created and deleted — the
 * kept counts must equal COUNT(*) over the rows.
 */
const METHODS = ['GET', 'POST', 'PUT'] as const;
const EVENTS = [null, '', 'push', 'invoice.paid'] as const;
const STATUSES: VerificationStatus[] = ['valid', 'invalid', 'unverified'];
const STATES: DeliveryState[] = ['none', 'pending', 'delivered', 'failed'];
const T0 = 1_700_000_000_000;

type Op =
  | { op: 'capture'; batch: { ep: number; method: string; event: string | null; age: number }[]; rollback: boolean }
  | { op: 'delete'; pick: number }
  | { op: 'clear'; ep: number }
  | { op: 'retainRows'; maxRows: number }
  | { op: 'retainAge'; maxAge: number }
  | { op: 'markRead'; ep: number }
  | { op: 'derive'; pick: number; event: string | null }
  | { op: 'verify'; pick: number; status: VerificationStatus }
  | { op: 'deliver'; pick: number; state: DeliveryState }
  | { op: 'relay'; pick: number; claimed: boolean; settle: 'scheduled' | 'delivered' | 'failed' | null }
  | { op: 'createEndpoint' }
  | { op: 'deleteEndpoint'; ep: number };

const ep = fc.nat(3);
const pick = fc.nat(1000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('capture' as const),
      batch: fc.array(
        fc.record({ ep, method: fc.constantFrom(...METHODS), event: fc.constantFrom(...EVENTS), age: fc.nat(100) }),
        { minLength: 1, maxLength: 6 },
      ),
      rollback: fc.boolean(),
    }),
  },
  fc.record({ op: fc.constant('delete' as const), pick }),
  fc.record({ op: fc.constant('clear' as const), ep }),
  fc.record({ op: fc.constant('retainRows' as const), maxRows: fc.nat(20) }),
  fc.record({ op: fc.constant('retainAge' as const), maxAge: fc.nat(100) }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('markRead' as const), ep }) },
  fc.record({ op: fc.constant('derive' as const), pick, event: fc.constantFrom(...EVENTS) }),
  fc.record({ op: fc.constant('verify' as const), pick, status: fc.constantFrom(...STATUSES) }),
  fc.record({ op: fc.constant('deliver' as const), pick, state: fc.constantFrom(...STATES) }),
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('relay' as const),
      pick,
      claimed: fc.boolean(),
      settle: fc.constantFrom('scheduled' as const, 'delivered' as const, 'failed' as const, null),
    }),
  },
  fc.record({ op: fc.constant('createEndpoint' as const) }),
  fc.record({ op: fc.constant('deleteEndpoint' as const), ep }),
);

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function freshDb(): Db {
  const tmp = tempDir();
  const db = openDatabase(path.join(tmp.dir, 'hookbay.db'));
  cleanups.push(() => {
    db.close();
    tmp.remove();
  });
  return db;
}

function captured(endpointId: string, method: string, eventType: string | null, receivedAt: number): CapturedRequest {
  return {
    endpointId,
    method,
    path: '/x',
    query: '',
    headers: [],
    body: Buffer.from('{}'),
    size: 2,
    truncated: false,
    remoteAddress: null,
    receivedAt,
    via: 'direct',
    contentType: null,
    eventType,
    eventId: null,
    error: null,
    replayOf: null,
    verification: null,
  };
}

interface Row {
  id: number;
  endpoint_id: string;
  event_type: string | null;
  verification_status: string;
  delivery_state: string;
  method: string;
}

/** The facets recounted from the rows, the way they were computed before counters. */
function recount(rows: Row[]): Facets {
  const dim = (pickValue: (r: Row) => string | null) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = pickValue(r);
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  return {
    methods: dim((r) => r.method),
    eventTypes: dim((r) => r.event_type),
    signature: dim((r) => r.verification_status),
    delivery: dim((r) => r.delivery_state),
    total: rows.length,
  };
}

function expectCountsTrue(db: Db, endpoints: EndpointStore, requests: RequestStore): void {
  const rows = db.prepare('SELECT id, endpoint_id, event_type, verification_status, delivery_state, method FROM requests').all() as Row[];
  const kept = endpoints.counts();
  for (const e of endpoints.all()) {
    const mine = rows.filter((r) => r.endpoint_id === e.id);
    const readUpTo = (db.prepare('SELECT read_up_to FROM endpoints WHERE id = ?').pluck().get(e.id) as number) ?? 0;
    expect(kept.get(e.id), `counts of ${e.id}`).toEqual({ total: mine.length, unread: mine.filter((r) => r.id > readUpTo).length });
    expect(requests.facets({ endpointId: e.id }), `facets of ${e.id}`).toEqual(recount(mine));
  }
  expect(requests.facets({})).toEqual(recount(rows));
  expect(requests.facets({ method: ['POST'], event: ['push'] })).toEqual(
    recount(rows.filter((r) => r.method === 'POST' && r.event_type === 'push')),
  );
  // The scanned path (rows needed: a time range) agrees too when it has time to finish.
  expect(new FacetStore(db, 60_000).facets({ from: 0 })).toEqual(recount(rows));
  // No leftover count rows for deleted endpoints.
  const orphan = db.prepare('SELECT COUNT(*) FROM endpoint_counts WHERE endpoint_id NOT IN (SELECT id FROM endpoints)').pluck().get();
  expect(orphan).toBe(0);
}

function apply(db: Db, endpoints: EndpointStore, requests: RequestStore, deliveries: DeliveryStore, op: Op, now: number): void {
  const eps = endpoints.all();
  const endpointAt = (i: number) => eps[i % eps.length]!;
  const ids = () => db.prepare('SELECT id FROM requests ORDER BY id').pluck().all() as number[];
  const pickId = (i: number) => {
    const all = ids();
    return all.length ? all[i % all.length]! : null;
  };
  switch (op.op) {
    case 'capture': {
      // The capture writer's shape: one transaction per batch; a throwing hook rolls it back.
      try {
        db.transaction(() => {
          for (const b of op.batch) requests.insert(captured(endpointAt(b.ep).id, b.method, b.event, now - b.age));
          if (op.rollback) throw new Error('hook failed');
        })();
      } catch {
        /* rolled back: counts must not move */
      }
      return;
    }
    case 'delete': {
      const id = pickId(op.pick);
      if (id !== null) requests.delete(id);
      return;
    }
    case 'clear':
      requests.clearEndpoint(endpointAt(op.ep).id);
      return;
    case 'retainRows':
      new Retention(db, { maxRows: op.maxRows, maxAgeMs: null }, 3).prune(now);
      return;
    case 'retainAge':
      new Retention(db, { maxRows: null, maxAgeMs: op.maxAge }, 3).prune(now);
      return;
    case 'markRead':
      endpoints.markRead(endpointAt(op.ep).id);
      return;
    case 'derive': {
      const id = pickId(op.pick);
      if (id !== null) {
        const owner = db.prepare('SELECT endpoint_id FROM requests WHERE id = ?').pluck().get(id) as string;
        requests.setDerived(id, owner, op.event, null);
      }
      return;
    }
    case 'verify': {
      const id = pickId(op.pick);
      if (id !== null) requests.setVerification(id, { status: op.status, scheme: null, reason: 'test', details: {} });
      return;
    }
    case 'deliver': {
      const id = pickId(op.pick);
      if (id !== null) requests.setDeliveryState(id, op.state);
      return;
    }
    case 'relay': {
      // The relay's shape: a delivery row changes, then the request's summary state follows
      // through the delivery store's own statement (its other writer of a counted column).
      const id = pickId(op.pick);
      if (id === null) return;
      const owner = db.prepare('SELECT endpoint_id FROM requests WHERE id = ?').pluck().get(id) as string;
      db.transaction(() => {
        const d = deliveries.insert({ requestId: id, endpointId: owner, lane: 't', targetUrl: 'http://127.0.0.1:1/', concurrency: 1, ordered: false, resigned: false, claimed: op.claimed }, now);
        if (op.settle) deliveries.settle(d, op.settle, op.settle === 'scheduled' ? now + 1000 : null, now);
        deliveries.syncRequestState(id);
      })();
      return;
    }
    case 'createEndpoint':
      endpoints.create({ name: 'x', slug: `s${eps.length}-${now}` } as Parameters<EndpointStore['create']>[0]);
      return;
    case 'deleteEndpoint':
      endpoints.delete(endpointAt(op.ep).id);
      return;
  }
}

describe('kept counts', () => {
  it('equal COUNT(*) after any sequence of captures, deletes, clears, retention, mark-read and updates', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const db = freshDb();
        const endpoints = new EndpointStore(db);
        const requests = new RequestStore(db);
        const deliveries = new DeliveryStore(db);
        endpoints.create({ name: 'b', slug: 'b' } as Parameters<EndpointStore['create']>[0]);
        let now = T0;
        for (const op of ops) {
          now += 10;
          apply(db, endpoints, requests, deliveries, op, now);
          expectCountsTrue(db, endpoints, requests);
        }
        cleanups.splice(0).forEach((c) => c());
      }),
      { numRuns: 60 },
    );
  });

  it('are kept by one instance per connection, whichever store asks', () => {
    const db = freshDb();
    const other = freshDb();
    expect(KeptCounts.of(db)).toBe(KeptCounts.of(db));
    expect(KeptCounts.of(db)).not.toBe(KeptCounts.of(other));
  });

  it('are backfilled by the migration from the rows already stored', () => {
    // A store as the previous version left it: schema 2, rows, one endpoint read up to a point.
    const tmp = tempDir();
    const db = openDatabase(path.join(tmp.dir, 'hookbay.db'), { migrations: migrations.slice(0, 2) });
    cleanups.push(() => {
      db.close();
      tmp.remove();
    });
    db.prepare(`INSERT INTO endpoints (id, slug, name, built_in, config, created_at) VALUES (?, 'default', 'Default', 1, '{}', 0), ('ep_b', 'b', 'B', 0, '{}', 1)`).run(DEFAULT_ENDPOINT_ID);
    // Rows as schema 2 stored them (this version's RequestStore needs schema 3's tables).
    const insertOld = db.prepare(`INSERT INTO requests (endpoint_id, method, path, query, size, received_at, via, event_type, headers, body)
      VALUES (?, ?, '/x', '', 2, ?, 'direct', ?, '[]', x'7b7d')`);
    db.transaction(() => {
      for (let i = 0; i < 30; i++) insertOld.run(i % 4 ? DEFAULT_ENDPOINT_ID : 'ep_b', METHODS[i % 3]!, T0 + i, EVENTS[i % 4]!);
    })();
    db.prepare('UPDATE endpoints SET read_up_to = 12').run();
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expectCountsTrue(db, new EndpointStore(db), new RequestStore(db));
  });

  it('say "partial" when a filtered count runs out of time, with lower bounds', () => {
    const db = freshDb();
    new EndpointStore(db);
    const requests = new RequestStore(db);
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) requests.insert(captured(DEFAULT_ENDPOINT_ID, 'POST', 'push', T0 + i));
    })();
    const cut = new FacetStore(db, 0).facets({ from: 0 });
    expect(cut.partial).toBe(true);
    expect(cut.total).toBeGreaterThan(0);
    expect(cut.total).toBeLessThan(20_000);
    expect(cut.methods).toEqual([{ value: 'POST', count: cut.total }]);
    expect(new FacetStore(db, 60_000).facets({ from: 0 })).toEqual(expect.not.objectContaining({ partial: true }));
    // A search walks the full-text index newest first, with the same budget.
    const search = new SearchIndex(db, 10_000);
    search.catchUp();
    search.close();
    const all = new FacetStore(db, 60_000).facets({ q: 'x' });
    expect(all).toMatchObject({ total: 20_000, methods: [{ value: 'POST', count: 20_000 }] });
    expect(all.partial).toBeUndefined();
    const cutSearch = new FacetStore(db, 0).facets({ q: 'x' });
    expect(cutSearch.partial).toBe(true);
    expect(cutSearch.total).toBeGreaterThanOrEqual(256);
    expect(cutSearch.total).toBeLessThan(20_000);
  });
  it('count a text search exactly as the list filters it, left-out words included', () => {
    // The facets of a search walk the index themselves; they once dropped `-word`, so the
    // count said 3 where the list showed 2.
    const db = freshDb();
    new EndpointStore(db);
    const requests = new RequestStore(db);
    const WORDS = ['paid', 'refunded', 'amount', 'charge'];
    db.transaction(() => {
      for (let i = 0; i < 64; i++) {
        const words = WORDS.filter((_, w) => (i >> w) & 1);
        requests.insert({ ...captured(DEFAULT_ENDPOINT_ID, 'POST', 'push', T0 + i), path: `/r/${i}`, body: Buffer.from(words.join(' ') || 'none') });
      }
    })();
    const search = new SearchIndex(db, 10_000);
    search.catchUp();
    search.close();
    const word = fc.constantFrom(...WORDS, 'absent');
    const term = fc.tuple(fc.boolean(), word).map(([negated, w]) => `${negated ? '-' : ''}${w}`);
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), (terms) => {
        const q = terms.join(' ');
        const { where, params } = filterSql({ q });
        const listed = (db.prepare(`SELECT COUNT(*) AS n FROM requests r WHERE ${where}`).get(params) as { n: number }).n;
        expect(new FacetStore(db, 60_000).facets({ q }).total, q).toBe(listed);
      }),
      { numRuns: 60 },
    );
  });
});
