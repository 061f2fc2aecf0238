import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Endpoint, RequestDetail, RequestSummary, TunnelStatus } from '@contract';
import { startLiveUpdates, type LiveUpdates } from '../../src-renderer/src/live/live-updates';
import { createStores, type Stores } from '../../src-renderer/src/stores/stores';
import { fakeBridge } from './fake-bridge';
import { summary } from './fixtures';

/** Every set of stores (and live updates) a test makes is stopped when it ends. */
let made: Stores[] = [];
let live: LiveUpdates[] = [];
const storesOver = (bridge: Parameters<typeof createStores>[0]) => {
  const stores = createStores(bridge);
  made.push(stores);
  return stores;
};
afterEach(() => {
  for (const l of live) l.stop();
  for (const s of made) s.dispose();
  made = [];
  live = [];
  vi.useRealTimers();
});

const rows = (n: number): RequestSummary[] => Array.from({ length: n }, (_, i) => summary(n - i));
const page = (items: RequestSummary[]) => ({ items, nextCursor: null });
const facets = (total: number) => ({ methods: [], eventTypes: [], signature: [], delivery: [], total });
const status = (state: TunnelStatus['state']): TunnelStatus => ({ state, url: null, requestedSubdomain: null, host: 'h', urlChanged: false, history: [] });
const detailOf = (id: number): RequestDetail =>
  ({ ...summary(id), headers: [], bodyBase64: '', remoteAddress: null, verification: { status: 'unverified' }, deliveries: [] }) as unknown as RequestDetail;
const endpoint = (id: string, total: number): Endpoint => ({ id, slug: id, name: id, total, unread: 0, forward: [] }) as unknown as Endpoint;
/** Runs a frame's work at once: the tests look at the stores right after an event. */
const immediateFrames = { request: (callback: () => void) => callback() };

describe('store factories', () => {
  it('make stores that start empty and share no bookkeeping with another set', async () => {
    const a = storesOver(fakeBridge({ listRequests: () => page(rows(3)), getFacets: () => facets(3) }).bridge);
    let answer: (s: TunnelStatus) => void = () => {};
    const b = storesOver(fakeBridge({ setTunnel: () => new Promise<TunnelStatus>((r) => (answer = r)) }).bridge);

    await a.requestList.reload();
    a.notices.show('first');
    a.notices.show('second');
    a.tunnel.apply(status('online'));
    a.ui.open({ kind: 'tunnel-settings' });

    // b sees none of it: its list is still loading, its notice ids start at 1 ...
    expect(b.requestList.getState()).toMatchObject({ items: [], loading: true, total: null });
    b.notices.show('third');
    expect(b.notices.getState().notices).toEqual([{ id: 1, text: 'third', tone: 'success' }]);
    expect(b.ui.getState().dialog).toBeNull();
    // ... and a's pushed tunnel status does not make b's own answer look stale.
    const setting = b.tunnel.set({ enabled: true });
    answer(status('connecting'));
    await setting;
    expect(b.tunnel.getState().status?.state).toBe('connecting');
    expect(a.requestList.getState().items.map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it('keep one list reload per store: a reload elsewhere does not drop this answer', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slow = storesOver(fakeBridge({ listRequests: async () => (await gate, page(rows(2))), getFacets: () => facets(2) }).bridge);
    const fast = storesOver(fakeBridge({ listRequests: () => page(rows(5)), getFacets: () => facets(5) }).bridge);
    const slowReload = slow.requestList.reload();
    await fast.requestList.reload();
    release();
    await slowReload;
    expect(slow.requestList.getState().items).toHaveLength(2);
    expect(fast.requestList.getState().items).toHaveLength(5);
  });

  it('stop their timers on dispose', async () => {
    vi.useFakeTimers();
    const fake = fakeBridge({ listRequests: () => page([]), getFacets: () => facets(0), listEndpoints: () => [], getInfo: () => ({}) as never });
    const stores = storesOver(fake.bridge);
    stores.requestList.scheduleFacets();
    stores.requestList.scheduleHeadRefresh();
    stores.endpoints.scheduleReconcile();
    stores.notices.show('stays', 'info', 100);
    stores.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls).toEqual([]);
    expect(stores.notices.getState().notices.map((n) => n.text)).toEqual(['stays']);
  });

  it('open the list selection in the detail pane and follow a replay', async () => {
    const fake = fakeBridge({
      getRequest: ({ id }) => detailOf(Number(id)),
      replayRequest: () => ({ requestId: 9, deliveryIds: [], resigned: false }),
    });
    const { requestList, requestDetail } = storesOver(fake.bridge);
    requestList.select(2);
    expect(requestDetail.getState()).toMatchObject({ id: 2, loading: true });
    await vi.waitFor(() => expect(requestDetail.getState().detail?.id).toBe(2), { timeout: 5000 });

    const result = await requestDetail.replay({ id: 2 });
    expect(result.requestId).toBe(9);
    expect(requestList.getState().selectedId).toBe(9);
    expect(requestDetail.getState()).toMatchObject({ id: 9, tab: 'deliveries' });
  });

  it('reject an action with the bridge error, for the view to show', async () => {
    const { requestDetail, endpoints } = storesOver(fakeBridge({}).bridge);
    await expect(requestDetail.verify(1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(requestDetail.curl(1)).rejects.toThrow('getCurl is not answered by this fake');
    // Fire-and-forget actions record the failure in the store instead.
    await endpoints.load();
    expect(endpoints.getState().error).toMatchObject({ code: 'not_found' });
  });
});

describe('live updates', () => {
  it('apply pushed events to the stores and resynchronise after the stream was lost', async () => {
    const fake = fakeBridge({ listRequests: () => page([]), getFacets: () => facets(0), listEndpoints: () => [endpoint('ep_default', 0)], getInfo: () => ({}) as never, getTunnel: () => status('off') });
    const stores = storesOver(fake.bridge);
    await stores.requestList.reload();
    await stores.endpoints.load();
    live.push(startLiveUpdates(fake.bridge, stores, immediateFrames));

    fake.push({ type: 'request.captured', request: summary(1) });
    expect(stores.requestList.getState().items.map((r) => r.id)).toEqual([1]);
    expect(stores.endpoints.getState().endpoints[0]!.total).toBe(1);
    fake.push({ type: 'tunnel.status', status: status('online') });
    expect(stores.tunnel.getState().status?.state).toBe('online');

    const listed = fake.count('listRequests');
    stores.connection.setStream('lost', { retryAt: 0, reason: 'gone' });
    stores.connection.setStream('connecting');
    expect(fake.count('listRequests')).toBe(listed);
    stores.connection.setStream('open');
    expect(fake.count('listRequests')).toBe(listed + 1);
    expect(fake.count('getTunnel')).toBe(1);
    expect(stores.connection.getState().missedEvents).toBe(false);
    // Opening again without a loss in between refetches nothing.
    stores.connection.setStream('open');
    expect(fake.count('listRequests')).toBe(listed + 1);

    live.pop()!.stop();
    fake.push({ type: 'request.captured', request: summary(2) });
    expect(stores.requestList.getState().items.map((r) => r.id)).toEqual([1]);
  });
});

describe('focus requests', () => {
  it('are a change each time, even for the same target', () => {
    const { ui } = storesOver(fakeBridge({}).bridge);
    const seen: string[] = [];
    ui.subscribe((s, prev) => {
      if (s.focusRequest !== prev.focusRequest && s.focusRequest) seen.push(s.focusRequest.target);
    });
    ui.focus('request-list');
    ui.focus('request-list');
    ui.focus('detail-tabs');
    expect(seen).toEqual(['request-list', 'request-list', 'detail-tabs']);
  });
});
