import { afterEach, describe, expect, it } from 'vitest';
import type { HookbayBridge, RequestSummary } from '@contract';
import { EMPTY_FILTER, parseSearchInput } from '../../src-main/contract/filter-query';
import { reduceEvents } from '../../src-renderer/src/live/event-batch';
import { createRequestListStore, type RequestListStore } from '../../src-renderer/src/stores/request-list-store';
import { summary } from './fixtures';

/** A bridge over an in-memory list, newest first, with the server's keyset paging. */
function fakeBridge(all: RequestSummary[]) {
  const calls: string[] = [];
  const bridge = {
    listRequests: async (input: { limit?: number; cursor?: string; signature?: string[] }) => {
      calls.push(`list:${input.cursor ?? ''}`);
      const before = input.cursor ? Number(input.cursor) : Infinity;
      const rows = all.filter((r) => r.id < before && (!input.signature || input.signature.includes(r.verificationStatus)));
      const items = rows.slice(0, input.limit ?? 100);
      return { items, nextCursor: rows.length > items.length ? String(items.at(-1)!.id) : null };
    },
    getFacets: async () => ({ methods: [], eventTypes: [], signature: [], delivery: [], total: all.length }),
  };
  return { bridge: bridge as unknown as HookbayBridge, calls };
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => summary(n - i));

/** Each test gets a fresh store over its own bridge; its timers stop when the test ends. */
let made: RequestListStore[] = [];
function listOver(bridge: HookbayBridge): RequestListStore {
  const store = createRequestListStore(bridge);
  made.push(store);
  return store;
}
afterEach(() => {
  for (const store of made) store.dispose();
  made = [];
});

describe('request list store', () => {
  it('loads the first page, then pages in up to a row', async () => {
    const fake = fakeBridge(rows(2500));
    const requestList = listOver(fake.bridge);
    await requestList.reload();
    expect(requestList.getState().items).toHaveLength(200);
    await requestList.ensureLoaded(1500);
    const { items, nextCursor } = requestList.getState();
    expect(items).toHaveLength(2200);
    expect(items[2199]!.id).toBe(301);
    expect(nextCursor).not.toBeNull();
    expect(new Set(items.map((r) => r.id)).size).toBe(items.length);
  });

  it('inserts live requests that match the filter, once, at the head', async () => {
    const requestList = listOver(fakeBridge(rows(10)).bridge);
    requestList.setState({ filter: parseSearchInput('sig:invalid') });
    await requestList.reload();
    expect(requestList.getState().items).toHaveLength(0);
    requestList.applyBatch(
      reduceEvents([
        { type: 'request.captured', request: summary(11, { verificationStatus: 'invalid' }) },
        { type: 'request.captured', request: summary(12, { verificationStatus: 'valid' }) },
        { type: 'request.captured', request: summary(13, { verificationStatus: 'invalid' }) },
      ]),
    );
    expect(requestList.getState().items.map((r) => r.id)).toEqual([13, 11]);
    requestList.applyBatch(reduceEvents([{ type: 'request.captured', request: summary(13, { verificationStatus: 'invalid' }) }]));
    expect(requestList.getState().items.map((r) => r.id)).toEqual([13, 11]);
  });

  it('updates rows in place and removes deleted ones', async () => {
    const requestList = listOver(fakeBridge(rows(5)).bridge);
    await requestList.reload();
    requestList.select(3);
    requestList.toggleChecked(3);
    requestList.applyBatch(
      reduceEvents([
        { type: 'request.updated', request: summary(4, { deliveryState: 'failed' }) },
        { type: 'requests.deleted', ids: [3] },
      ]),
    );
    const s = requestList.getState();
    expect(s.items.map((r) => r.id)).toEqual([5, 4, 2, 1]);
    expect(s.items[1]!.deliveryState).toBe('failed');
    expect(s.selectedId).toBeNull();
    expect(s.checked.size).toBe(0);
  });

  it('moves the selection with the keyboard and ticks ranges', async () => {
    const requestList = listOver(fakeBridge(rows(5)).bridge);
    await requestList.reload();
    requestList.moveSelection(1);
    expect(requestList.getState().selectedId).toBe(5);
    requestList.moveSelection(2);
    expect(requestList.getState().selectedId).toBe(3);
    requestList.moveSelection(1e9);
    expect(requestList.getState().selectedId).toBe(1);
    requestList.checkRange(3);
    expect([...requestList.getState().checked].sort()).toEqual([1, 2, 3]);
  });
});

describe('live requests during a reload', () => {
  it('keeps requests that arrived while the first page was on its way', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const fake = fakeBridge(rows(3));
    const slow = { ...fake.bridge, listRequests: async (input: never) => (await gate, fake.bridge.listRequests(input)) } as unknown as HookbayBridge;
    const requestList = listOver(slow);
    requestList.setState({ filter: EMPTY_FILTER, items: [], loading: true });
    const loading = requestList.reload();
    requestList.applyBatch(reduceEvents([{ type: 'request.captured', request: summary(4) }]));
    release();
    await loading;
    expect(requestList.getState().items.map((r) => r.id)).toEqual([4, 3, 2, 1]);
  });
});
