import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, StorageError, type Db } from '../../../src-main/core/store/database';
import { EndpointStore, DEFAULT_ENDPOINT_ID, type SecretCodec } from '../../../src-main/core/store/endpoint-store';
import { ftsExclusion, ftsQuery } from '../../../src-main/core/store/filter-sql';
import { RequestStore } from '../../../src-main/core/store/request-store';
import { Retention } from '../../../src-main/core/store/retention';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { SearchIndex } from '../../../src-main/core/capture/search-index';
import { tempDir } from '../../support/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function freshDb(): { db: Db; dir: string } {
  const tmp = tempDir();
  const db = openDatabase(path.join(tmp.dir, 'hookbay.db'));
  cleanups.push(() => {
    db.close();
    tmp.remove();
  });
  return { db, dir: tmp.dir };
}

function request(over: Partial<CapturedRequest> = {}): CapturedRequest {
  return {
    endpointId: DEFAULT_ENDPOINT_ID,
    method: 'POST',
    path: '/x',
    query: '',
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from('{}'),
    size: 2,
    truncated: false,
    remoteAddress: '127.0.0.1',
    receivedAt: Date.now(),
    via: 'direct',
    contentType: 'application/json',
    eventType: null,
    eventId: null,
    error: null,
    replayOf: null,
    verification: null,
    ...over,
  };
}

describe('migrations', () => {
  it('refuses a database from a newer Hookbay', () => {
    const { dir } = freshDb();
    const file = path.join(dir, 'newer.db');
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(StorageError);
  });

  it('names the data directory when it cannot be used', () => {
    const { dir } = freshDb();
    // A file where a directory should be fails for root too (permission bits would not).
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, '');
    expect(() => openDatabase(path.join(blocker, 'sub', 'hookbay.db'))).toThrow(
      new RegExp(`data directory ${blocker}/sub is not writable \\(ENOTDIR\\)`),
    );
  });
});

describe('ftsQuery', () => {
  it('quotes every word as an exact term, a prefix only when it ends in *', () => {
    expect(ftsQuery('invoice paid')).toBe('"invoice" "paid"');
    expect(ftsQuery('inv* "card declined" x=2')).toBe('"inv"* "card declined" "x=2"');
  });
  it('keeps negated terms out of the required ones', () => {
    expect(ftsQuery('paid -refund NOT test')).toBe('"paid"');
    expect(ftsExclusion('paid -refund NOT test')).toBe('"refund" OR "test"');
    expect(ftsExclusion('paid')).toBeNull();
  });
  it('neutralises FTS syntax', () => {
    expect(ftsQuery('a" OR (b* NEAR')).toBe('"a"" OR (b* NEAR"');
    expect(ftsQuery('a OR (b* NEAR')).toBe('"a" "OR" "(b"* "NEAR"');
    expect(ftsQuery('"()*')).toBeNull();
  });
});

describe('search index', () => {
  it('indexes above the watermark and forgets deleted rows', () => {
    const { db } = freshDb();
    new EndpointStore(db);
    const requests = new RequestStore(db);
    const search = new SearchIndex(db, 2);
    const a = requests.insert(request({ body: Buffer.from('{"word":"pelican"}') }));
    requests.insert(request({ body: Buffer.from('{"word":"walrus"}') }));
    requests.insert(request({ path: '/pelican-path' }));
    search.catchUp();
    const hits = (q: string) => requests.list({ q }, 10).map((r) => r.id);
    expect(hits('pelican')).toHaveLength(2);
    requests.delete(a.id);
    expect(hits('pelican')).toHaveLength(1);
    expect(hits('walrus')).toHaveLength(1);
  });
});

describe('retention', () => {
  it('keeps at most maxRows, oldest first', () => {
    const { db } = freshDb();
    new EndpointStore(db);
    const requests = new RequestStore(db);
    const ids = Array.from({ length: 25 }, () => requests.insert(request()).id);
    const deleted = new Retention(db, { maxRows: 10, maxAgeMs: null }, 4).prune();
    expect(deleted).toBe(15);
    expect(requests.list({}, 100).map((r) => r.id)).toEqual(ids.slice(15).reverse());
  });

  it('drops requests older than maxAge', () => {
    const { db } = freshDb();
    new EndpointStore(db);
    const requests = new RequestStore(db);
    const now = Date.now();
    requests.insert(request({ receivedAt: now - 10_000 }));
    const fresh = requests.insert(request({ receivedAt: now }));
    expect(new Retention(db, { maxRows: null, maxAgeMs: 5_000 }).prune(now)).toBe(1);
    expect(requests.list({}, 10).map((r) => r.id)).toEqual([fresh.id]);
  });
});

describe('endpoint store', () => {
  it('encodes secrets at rest with the given codec and decodes on load', () => {
    const { db } = freshDb();
    const codec: SecretCodec = { description: 'test', encode: (s) => `enc:${Buffer.from(s).toString('base64')}`, decode: (s) => Buffer.from(s.slice(4), 'base64').toString() };
    const store = new EndpointStore(db, codec);
    store.create({ name: 'S', slug: 's', verify: { scheme: 'stripe', secrets: ['whsec_abc'] } });
    const raw = (db.prepare("SELECT config FROM endpoints WHERE slug = 's'").get() as { config: string }).config;
    expect(raw).not.toContain('whsec_abc');
    expect(new EndpointStore(db, codec).byIdOrSlug('s')!.verify!.secrets).toEqual(['whsec_abc']);
  });

  it('always has the built-in default endpoint', () => {
    const { db } = freshDb();
    const store = new EndpointStore(db);
    expect(store.forSlug('anything').id).toBe(DEFAULT_ENDPOINT_ID);
    expect(store.delete(DEFAULT_ENDPOINT_ID)).toBe(false);
  });
});
