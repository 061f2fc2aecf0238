import type { HookbayBridge } from '@contract';
import { createConnectionStore, type ConnectionStore } from './connection-store';
import { createEndpointsStore } from './endpoints-store';
import { createHealthStore } from './health-store';
import { createNoticeStore } from './notice-store';
import { createRequestDetailStore } from './request-detail-store';
import { createRequestListStore } from './request-list-store';
import { createTransfer } from './transfer';
import { createTunnelStore } from './tunnel-store';
import { createUiStore } from './ui-store';

export type Stores = ReturnType<typeof createStores>;

/**
 * Every store of the inspector, built over one bridge. Each is a zustand store (`getState`,
 * `setState`, `subscribe`) with its domain's actions on it, and keeps its bookkeeping
 * (timers, generations, requests in flight) in its own closure, never in module state.
 *
 * - The page: `main.tsx` builds one set, starts `startLiveUpdates(bridge, stores)` and hands
 *   the set to the views through `StoresContext`. The connection store is made first and
 *   passed in, because the bridge reports its event stream to it.
 * - A view: `const { requestList } = useStores()` for actions (`requestList.select(id)`), and
 *   `useRequestList((s) => s.items)` (see use-stores.ts) to subscribe to state. Views never
 *   call the bridge: a call the user makes is a store action, awaited through `useAction`.
 * - A test: `createStores(fakeBridge(…).bridge)` (test/renderer/fake-bridge.ts) or over
 *   `createHttpBridge(…)` against a real server; one store alone with its own factory
 *   (`createRequestListStore(bridge)`); `dispose()` when done.
 */
export function createStores(bridge: HookbayBridge, connection: ConnectionStore = createConnectionStore()) {
  const requestList = createRequestListStore(bridge);
  const requestDetail = createRequestDetailStore(bridge, requestList);
  const endpoints = createEndpointsStore(bridge);
  const notices = createNoticeStore();
  return {
    requestList,
    requestDetail,
    endpoints,
    tunnel: createTunnelStore(bridge),
    health: createHealthStore(bridge),
    transfer: createTransfer(bridge, requestList),
    connection,
    notices,
    ui: createUiStore(),
    /** Stops every timer the stores started (tests; the app lives as long as the page). */
    dispose() {
      requestList.dispose();
      requestDetail.dispose();
      endpoints.dispose();
      notices.dispose();
    },
  };
}
