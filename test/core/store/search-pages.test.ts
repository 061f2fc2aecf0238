import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointInput } from '../../../src-main/contract/endpoints';
import { openDatabase } from '../../../src-main/core/store/database';
import { DEFAULT_ENDPOINT_ID, EndpointStore } from '../../../src-main/core/store/endpoint-store';
import { RequestStore } from '../../../src-main/core/store/request-store';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { SearchIndex } from '../../../src-main/core/capture/search-index';
import { tempDir } from '../../support/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

// Full-text listing walks the index newest first (not `id IN (…)` then sort); it must give
// exactly what filtering and keyset paging gave before.
describe('full-text listing', () => {
  it('pages through matches newest first, with other filters and deletions, like the plain list', () => {
    const tmp = tempDir();
    const db = openDatabase(path.join(tmp.dir, 'hookbay.db'));
    cleanups.push(() => {
      db.close();
      tmp.remove();
    });
    const endpoints = new EndpointStore(db);
    const shop = endpoints.create(EndpointInput.parse({ name: 'Shop', slug: 'shop' }));
    const requests = new RequestStore(db);
    const search = new SearchIndex(db);
    const make = (i: number): CapturedRequest => ({
      endpointId: i % 3 === 0 ? shop.id : DEFAULT_ENDPOINT_ID,
      method: i % 5 === 0 ? 'PUT' : 'POST',
      path: `/hook/${i}`,
      query: '',
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify({ note: i % 2 === 0 ? 'renewal due' : 'other', n: i })),
      size: 10,
      truncated: false,
      remoteAddress: null,
      receivedAt: 1_700_000_000_000 + i,
      via: 'direct',
      contentType: 'application/json',
      eventType: i % 4 === 0 ? 'invoice.paid' : 'charge.failed',
      eventId: null,
      error: null,
      replayOf: null,
      verification: null,
    });
    const ids = db.transaction(() => Array.from({ length: 700 }, (_, i) => requests.insert(make(i)).id))();
    search.catchUp();
    // Deleted requests leave the index too.
    for (const id of ids.filter((_, i) => i % 7 === 0)) requests.delete(id);

    const page = (filter: Parameters<RequestStore['list']>[0]) => {
      const out: number[] = [];
      let before: number | undefined;
      for (;;) {
        const items = requests.list(filter, 50, before);
        out.push(...items.map((r) => r.id));
        if (items.length < 50) return out;
        before = items.at(-1)!.id;
      }
    };
    const expected = (keep: (i: number) => boolean) =>
      ids.map((id, i) => ({ id, i })).filter(({ i }) => i % 7 !== 0 && keep(i)).map(({ id }) => id).reverse();

    expect(page({ q: 'renewal' })).toEqual(expected((i) => i % 2 === 0));
    // Whole words unless the user writes `*`; phrases exact; `-` and NOT leave out.
    expect(page({ q: 'renew' })).toEqual([]);
    expect(page({ q: 'renew*' })).toEqual(expected((i) => i % 2 === 0));
    expect(page({ q: '"renewal due"' })).toEqual(expected((i) => i % 2 === 0));
    expect(page({ q: '"due renewal"' })).toEqual([]);
    expect(page({ q: '-renewal' })).toEqual(expected((i) => i % 2 !== 0));
    expect(page({ q: 'NOT renewal' })).toEqual(expected((i) => i % 2 !== 0));
    expect(page({ q: 'note -renewal', method: ['PUT'] })).toEqual(expected((i) => i % 2 !== 0 && i % 5 === 0));
    expect(page({ event: ['invoice.*'] })).toEqual(expected((i) => i % 4 === 0));
    expect(page({ notEvent: ['invoice.*'], notMethod: ['put'] })).toEqual(expected((i) => i % 4 !== 0 && i % 5 !== 0));
    expect(page({ q: 'renewal', endpointId: shop.id })).toEqual(expected((i) => i % 2 === 0 && i % 3 === 0));
    expect(page({ q: 'renewal due', method: ['PUT'], event: ['invoice.paid'] })).toEqual(
      expected((i) => i % 2 === 0 && i % 5 === 0 && i % 4 === 0),
    );
    expect(page({ q: '!!!' })).toEqual([]);
    expect(page({ q: 'nothing-like-this' })).toEqual([]);
  });
});
