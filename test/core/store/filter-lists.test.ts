import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/store/database';
import { EndpointStore } from '../../../src-main/core/store/endpoint-store';
import { RequestStore } from '../../../src-main/core/store/request-store';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { tempDir } from '../../support/temp';

// Issue 11: an export filter with 33,000 event values failed with "too many SQL variables".
// The contract caps lists now, but the SQL must not depend on that: any length binds as one value.

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let requests: RequestStore;

beforeAll(() => {
  tmp = tempDir();
  db = openDatabase(path.join(tmp.dir, 'hookbay.db'));
  const endpoints = new EndpointStore(db);
  requests = new RequestStore(db);
  for (const [method, eventType] of [['POST', 'evt.7'], ['GET', 'other'], ['PUT', null]] as const) {
    const req: CapturedRequest = {
      endpointId: endpoints.defaultEndpoint.id,
      method,
      path: '/x',
      query: '',
      headers: [],
      body: Buffer.alloc(0),
      size: 0,
      truncated: false,
      remoteAddress: null,
      receivedAt: Date.now(),
      via: 'direct',
      contentType: null,
      eventType,
      eventId: null,
      error: null,
      replayOf: null,
      verification: null,
    };
    requests.insert(req);
  }
});
afterAll(() => {
  db.close();
  tmp.remove();
});

describe('filter lists of any length', () => {
  it('list, count and select with 40,000 event values and 40,000 methods', () => {
    const event = Array.from({ length: 40_000 }, (_, i) => `evt.${i}`);
    const method = Array.from({ length: 40_000 }, (_, i) => (i === 39_999 ? 'post' : `M${i}`));
    expect(requests.ids({ event }, 100)).toHaveLength(1);
    expect(requests.list({ event, method }, 100).map((r) => r.eventType)).toEqual(['evt.7']);
    expect(requests.facets({ event }).total).toBe(1);
  });
});
