import type { HookbayBridge } from '@contract';
import { createConnectionStore, type ConnectionStore } from './connection-store';
import { createEndpointsStore } from './endpoints-store';
import { createNoticeStore } from './notice-store';
import { createRequestDetailStore } from './request-detail-store';
import { createRequestListStore } from './request-list-store';
import { createTransfer } from './transfer';
import { createTunnelStore } from './tunnel-store';
import { createUiStore } from './ui-store';

export type Stores = ReturnType<typeof createStores>;

/**
 * Every store of the inspector, built over one bridge: `main.tsx` builds them once and hands
 * them to the views through `StoresContext`; a test builds a fresh set over a fake or real
 * bridge. The connection store can be made first, because the bridge reports its stream to it.
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
