import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import type { Statement } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARSE_BYTES } from '../../../src-main/core/capture/derive';
import { BATCH_BUDGET_BYTES, SearchIndex } from '../../../src-main/core/capture/search-index';
import { SEARCH_BODY_BYTES, SEARCH_READ_BYTES } from '../../../src-main/core/capture/search-text';
import { openDatabase, type Db } from '../../../src-main/core/store/database';
import { DEFAULT_ENDPOINT_ID, EndpointStore } from '../../../src-main/core/store/endpoint-store';
import { RequestStore } from '../../../src-main/core/store/request-store';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { tempDir } from '../../support/temp';

/**
 * F9 (docs/fuzzing.md): the background indexer runs on the event loop, so what one request
 * costs it must not grow with its body. Checked structurally, not by timing: for bodies of any
 * size (up to the receiver's 10 MiB limit), content type and encoding, the indexer reads a
 * bounded prefix of the stored body and indexes at most SEARCH_BODY_BYTES of its text, and one
 * background transaction stops at its byte budget. Under the bound, the text is the whole body.
 */
const MiB = 1024 * 1024;

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let requests: RequestStore;

/** What the indexer's statements returned (stored bytes) and the body text it indexed, per batch. */
interface Seen {
  read: number[];
  indexed: string[];
}
let seen: Seen = { read: [], indexed: [] };

/** The database as the indexer sees it, with every statement it prepares watched. */
function watched(real: Db): Db {
  const watch = (stmt: Statement, sql: string): Statement =>
    new Proxy(stmt, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== 'function') return v;
        if (key === 'run' && sql.includes('requests_fts')) {
          return (...args: unknown[]) => {
            seen.indexed.push(String(args[3]));
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (key === 'get' || key === 'all') {
          return (...args: unknown[]) => {
            const out = (v as (...a: unknown[]) => unknown).apply(target, args);
            for (const row of Array.isArray(out) ? out : [out]) {
              if (Buffer.isBuffer(row)) seen.read.push(row.length);
              else if (row && typeof row === 'object') for (const x of Object.values(row)) if (Buffer.isBuffer(x)) seen.read.push(x.length);
            }
            return out;
          };
        }
        // Chained configuration (pluck, raw) must hand back the watched statement.
        return (...args: unknown[]) => {
          const out = (v as (...a: unknown[]) => unknown).apply(target, args);
          return out === target ? watch(target, sql) : out;
        };
      },
    });
  return new Proxy(real, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => watch(target.prepare(sql), sql);
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

beforeAll(() => {
  tmp = tempDir();
  db = openDatabase(path.join(tmp.dir, 'hookbay.db'));
  new EndpointStore(db);
  requests = new RequestStore(db);
});
afterAll(() => {
  db.close();
  tmp.remove();
});

function capture(body: Buffer, headers: [string, string][], over: Partial<CapturedRequest> = {}): number {
  return requests.insert({
    endpointId: DEFAULT_ENDPOINT_ID,
    method: 'POST',
    path: '/hook',
    query: '',
    headers,
    body,
    size: body.length,
    truncated: false,
    remoteAddress: null,
    receivedAt: Date.now(),
    via: 'direct',
    contentType: headers.find(([k]) => k === 'Content-Type')?.[1] ?? null,
    eventType: null,
    eventId: null,
    error: null,
    replayOf: null,
    verification: null,
    ...over,
  }).id;
}

type Encoding = 'identity' | 'gzip' | 'deflate' | 'br';
const encode: Record<Encoding, (b: Buffer) => Buffer> = {
  identity: (b) => b,
  gzip: (b) => zlib.gzipSync(b, { level: 1 }),
  deflate: (b) => zlib.deflateSync(b, { level: 1 }),
  br: (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
};

/** Text and binary bodies of every shape the indexer finds hard, from empty to the receiver's limit (built in the property, so a failure prints the shape, not 10 MiB). */
const shape = fc.record({
  kind: fc.constantFrom('a-run', 'words', 'multibyte', 'json', 'binary', 'tiny-tokens'),
  size: fc.oneof(
    fc.constantFrom(0, 1, SEARCH_BODY_BYTES - 1, SEARCH_BODY_BYTES, SEARCH_BODY_BYTES + 1, MAX_PARSE_BYTES, 9 * MiB, 10 * MiB),
    fc.integer({ min: 0, max: 10 * MiB }),
  ),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function bodyOf({ kind, size, seed }: { kind: string; size: number; seed: number }): Buffer {
  if (kind === 'binary') return Buffer.alloc(size, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + seed) & 0xff)));
  const unit = {
    'a-run': 'a',
    words: `alpha${seed} beta gamma${seed % 7} `,
    multibyte: 'żółw 日本語 ',
    json: `{"id":"evt_${seed}","type":"x.y","n":[1,2,3]},`,
    'tiny-tokens': 'a b ',
  }[kind]!;
  // Half the time whole characters only, so the text over the bound is valid UTF-8 too.
  const n = seed % 2 === 0 ? size - (size % Buffer.byteLength(unit)) : size;
  return Buffer.alloc(n, unit);
}

describe('search indexing of huge bodies (F9)', () => {
  it('reads a bounded prefix of any body and indexes at most SEARCH_BODY_BYTES of its text, the whole text under the bound', () => {
    fc.assert(
      fc.property(shape, fc.constantFrom<Encoding>('identity', 'identity', 'gzip', 'deflate', 'br'), fc.constantFrom('text/plain', 'application/json', null), (s, enc, type) => {
        const decoded = bodyOf(s);
        const what = `${s.kind} ${s.size} B`;
        const headers: [string, string][] = [];
        if (type) headers.push(['Content-Type', type]);
        if (enc !== 'identity') headers.push(['Content-Encoding', enc]);
        const body = encode[enc](decoded);
        capture(body, headers);
        seen = { read: [], indexed: [] };
        const search = new SearchIndex(watched(db));
        search.catchUp();
        search.close();
        expect(seen.indexed, what).toHaveLength(1);
        const text = seen.indexed[0]!;
        // Bounded reads: a late derive (event type of a body up to MAX_PARSE_BYTES) reads that
        // body whole; anything larger is read only as far as search needs.
        for (const n of seen.read) expect(n, `${what} ${enc}: bytes read`).toBeLessThanOrEqual(body.length <= MAX_PARSE_BYTES ? MAX_PARSE_BYTES : SEARCH_READ_BYTES);
        expect(Buffer.byteLength(text), `${what} ${enc}: bytes indexed`).toBeLessThanOrEqual(SEARCH_BODY_BYTES);
        let full: string | null;
        try {
          full = new TextDecoder('utf-8', { fatal: true }).decode(decoded);
        } catch {
          full = null;
        }
        if (full === null && decoded.length <= SEARCH_BODY_BYTES) expect(text, `${what} ${enc}: binary`).toBe('');
        if (full !== null) {
          if (decoded.length <= SEARCH_BODY_BYTES) expect(text === full, `${what} ${enc}: whole text under the bound`).toBe(true);
          else {
            expect(full.startsWith(text), `${what} ${enc}: a prefix over the bound`).toBe(true);
            // Uncompressed, the prefix is the bound less at most one cut character.
            if (enc === 'identity') expect(Buffer.byteLength(text), what).toBeGreaterThan(SEARCH_BODY_BYTES - 4);
            else expect(text.length, what).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('ends a background transaction at its byte budget and catches up in later ones', () => {
    const first = capture(Buffer.from(`kestrel ${'lorem ipsum '.repeat(SEARCH_BODY_BYTES / 12)}`), [['Content-Type', 'text/plain']]);
    for (let i = 0; i < 18; i++) capture(Buffer.from('lorem ipsum '.repeat(SEARCH_BODY_BYTES / 12)), [['Content-Type', 'text/plain']]);
    const last = capture(Buffer.from(`osprey ${'x'.repeat(9 * MiB)}`), [['Content-Type', 'text/plain']]);
    seen = { read: [], indexed: [] };
    const search = new SearchIndex(watched(db));
    search.indexBatch();
    const spent = seen.read.reduce((a, b) => a + b, 0) + seen.indexed.reduce((a, t) => a + Buffer.byteLength(t), 0);
    expect(seen.indexed.length).toBeGreaterThan(0);
    expect(seen.indexed.length).toBeLessThan(20);
    // The budget, plus the one row that crossed it.
    expect(spent).toBeLessThanOrEqual(BATCH_BUDGET_BYTES + SEARCH_READ_BYTES + SEARCH_BODY_BYTES);
    search.catchUp();
    search.close();
    const hits = (q: string) => requests.list({ q }, 10).map((r) => r.id);
    expect(hits('kestrel')).toEqual([first]);
    expect(hits('osprey')).toEqual([last]);
  });

  it('finds words in the first SEARCH_BODY_BYTES of a compressed body of any decoded size (past 16 MiB it was not indexed at all), and not past them', () => {
    const words = (n: number, tag: string) => Buffer.from(`${tag} ${'the quick brown fox '.repeat(Math.ceil(n / 20))}`).subarray(0, n);
    const big = Buffer.concat([words(20 * MiB, 'heron'), Buffer.from(' plover')]);
    const gz = capture(zlib.gzipSync(big), [['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip']]);
    const br = capture(encode.br(big), [['Content-Type', 'text/plain'], ['Content-Encoding', 'br']]);
    const plainId = capture(Buffer.concat([words(9 * MiB, 'heron'), Buffer.from(' plover')]), [['Content-Type', 'text/plain']]);
    const search = new SearchIndex(db);
    search.catchUp();
    search.close();
    const hits = (q: string) => requests.list({ q }, 10).map((r) => r.id).sort((a, b) => a - b);
    expect(hits('heron')).toEqual(expect.arrayContaining([gz, br, plainId]));
    expect(hits('plover')).toEqual([]);
  });
});
