import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointInput } from '../../../src-main/contract/endpoints';
import {
  addChip,
  DELIVERY_STATES,
  EMPTY_FILTER,
  matchesLive,
  parseSearchInput,
  SIGNATURE_STATUSES,
  toRequestFilter,
  type FilterKind,
  type RequestFilterState,
} from '../../../src-main/contract/filter-query';
import { resolveFilter } from '../../../src-main/core/service/requests';
import { openDatabase, type Db } from '../../../src-main/core/store/database';
import { EndpointStore, type EndpointRecord } from '../../../src-main/core/store/endpoint-store';
import { RequestStore } from '../../../src-main/core/store/request-store';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { tempDir } from '../../support/temp';

/**
 * The filter rules exist twice: as SQL (core/store/filter-sql.ts, what the server lists,
 * counts, exports and bulk-replays) and as JS (`matchesLive` in the contract's filter
 * language, which decides whether a live request joins the list the user is looking at).
 * For any stored requests and any chips, both must pick the same requests.
 */
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
const EVENTS = ['invoice.paid', 'invoice.voided', 'push', 'Push', 'a b', 'a,b', 'a?b', 'x[1]'] as const;
/** Patterns with `*` where GLOB and a naive regex would differ: `?`, `[`, `.`, case, commas. */
const PATTERNS = ['invoice.*', '*.paid', '*', 'a*', 'A*', 'inv*ce.*', 'a?*', 'x[*', 'P*sh', 'invoice*', 'a,*'] as const;
const T0 = 1_700_000_000_000;

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let endpoints: EndpointStore;
let requests: RequestStore;
let owners: EndpointRecord[];

beforeAll(() => {
  tmp = tempDir();
  db = openDatabase(path.join(tmp.dir, 'hookbay.db'));
  endpoints = new EndpointStore(db);
  requests = new RequestStore(db);
  owners = [
    endpoints.defaultEndpoint,
    endpoints.create(EndpointInput.parse({ name: 'Shop', slug: 'shop' })),
    endpoints.create(EndpointInput.parse({ name: 'Git', slug: 'git' })),
  ];
});
afterAll(() => {
  db.close();
  tmp.remove();
});

type StoredRow = { owner: number; method: string; eventType: string | null; signature: (typeof SIGNATURE_STATUSES)[number]; delivery: (typeof DELIVERY_STATES)[number]; at: number };

const stored: fc.Arbitrary<StoredRow> = fc.record({
  owner: fc.nat({ max: 2 }),
  method: fc.constantFrom(...METHODS),
  eventType: fc.option(fc.constantFrom(...EVENTS), { nil: null }),
  signature: fc.constantFrom(...SIGNATURE_STATUSES),
  delivery: fc.constantFrom(...DELIVERY_STATES),
  at: fc.nat({ max: 20 }),
});

/** A chip as a user would add it: any case for methods and states, any endpoint key, wildcards, negated or not. */
const chip: fc.Arbitrary<[FilterKind, string, boolean]> = fc.oneof(
  fc.tuple(fc.constant('endpoint' as const), fc.constantFrom('default', 'shop', 'git', 'ep_default'), fc.constant(false)),
  fc.tuple(fc.constant('method' as const), fc.constantFrom(...METHODS, 'post', 'Get'), fc.boolean()),
  fc.tuple(fc.constant('event' as const), fc.constantFrom(...EVENTS, ...PATTERNS), fc.boolean()),
  fc.tuple(fc.constant('signature' as const), fc.constantFrom(...SIGNATURE_STATUSES, 'VALID'), fc.boolean()),
  fc.tuple(fc.constant('delivery' as const), fc.constantFrom(...DELIVERY_STATES, 'Failed'), fc.boolean()),
  fc.tuple(fc.constantFrom('from' as const, 'to' as const), fc.nat({ max: 21 }).map((n) => String(T0 + n)), fc.constant(false)),
);

function store(rows: StoredRow[]): void {
  db.prepare('DELETE FROM requests').run();
  for (const r of rows) {
    const owner = owners[r.owner]!;
    const req: CapturedRequest = {
      endpointId: owner.id,
      method: r.method,
      path: owner.builtIn ? '/x' : `/${owner.slug}/x`,
      query: '',
      headers: [],
      body: Buffer.alloc(0),
      size: 0,
      truncated: false,
      remoteAddress: null,
      receivedAt: T0 + r.at,
      via: 'direct',
      contentType: null,
      eventType: r.eventType,
      eventId: null,
      error: null,
      replayOf: null,
      verification: { status: r.signature, scheme: 'stripe', reason: '', details: {} },
    };
    const { id } = requests.insert(req);
    requests.setDeliveryState(id, r.delivery);
  }
}

describe('filter rules: SQL and the live matcher agree', () => {
  it('select the same requests for any stored requests and any chips', () => {
    fc.assert(
      fc.property(fc.array(stored, { maxLength: 25 }), fc.array(chip, { maxLength: 6 }), (rows, chips) => {
        store(rows);
        const state: RequestFilterState = chips.reduce((s, [kind, value, negated]) => addChip(s, kind, value, negated), EMPTY_FILTER);
        const filter = resolveFilter({ endpoints, search: { catchUp: () => {} } }, toRequestFilter(state));
        const bySql = requests.ids(filter, 1000).sort((a, b) => a - b);
        const all = requests.list({}, 1000);
        const byJs = all.filter((r) => matchesLive(state, r) === 'yes').map((r) => r.id).sort((a, b) => a - b);
        expect(bySql).toEqual(byJs);
      }),
      { numRuns: 300 },
    );
  });

  it('agree on chips typed in the search box, negations and quotes included', () => {
    const word = fc.oneof(
      chip.map(([kind, value, negated]) => `${negated ? '-' : ''}${kind}:${value.includes(' ') ? `"${value}"` : value}`),
      chip.map(([kind, value]) => `NOT ${kind}:${value.includes(' ') ? `"${value}"` : value}`),
    );
    fc.assert(
      fc.property(fc.array(stored, { maxLength: 25 }), fc.array(word, { maxLength: 5 }), (rows, words) => {
        store(rows);
        const state = parseSearchInput(words.join(' '));
        const filter = resolveFilter({ endpoints, search: { catchUp: () => {} } }, toRequestFilter(state));
        const bySql = requests.ids({ ...filter, q: undefined }, 1000).sort((a, b) => a - b);
        const byJs = requests
          .list({}, 1000)
          .filter((r) => matchesLive({ ...state, q: '' }, r) === 'yes')
          .map((r) => r.id)
          .sort((a, b) => a - b);
        expect(bySql).toEqual(byJs);
      }),
      { numRuns: 200 },
    );
  });
});
