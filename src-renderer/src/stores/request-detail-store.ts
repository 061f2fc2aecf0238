import { createStore } from 'zustand/vanilla';
import type { ApiError, Delivery, HookbayBridge, InputOf, RequestDetail } from '@contract';
import { toApiError } from '../bridge/api-error';
import type { RequestListStore } from './request-list-store';

export type DetailTab = 'overview' | 'headers' | 'body' | 'signature' | 'deliveries';

export interface RequestDetailState {
  id: number | null;
  detail: RequestDetail | null;
  loading: boolean;
  error: ApiError | null;
  tab: DetailTab;
}

function mergeDelivery(list: Delivery[], d: Delivery): Delivery[] {
  const at = list.findIndex((x) => x.id === d.id);
  if (at === -1) return [...list, d];
  const next = list.slice();
  next[at] = d;
  return next;
}

export type RequestDetailStore = ReturnType<typeof createRequestDetailStore>;

/**
 * The request open in the detail pane, which follows the list's selection, and what can be
 * done to one request (replay, re-verify, retry a delivery, delete). Actions a view awaits
 * reject with the bridge's error, for `useAction` to show next to the button.
 */
export function createRequestDetailStore(bridge: HookbayBridge, requestList: RequestListStore) {
  const store = createStore<RequestDetailState>()(() => ({ id: null, detail: null, loading: false, error: null, tab: 'overview' }));
  const { getState: get, setState: set } = store;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  async function fetchDetail(id: number, quiet: boolean): Promise<void> {
    if (!quiet) set({ loading: true, error: null });
    try {
      const detail = await bridge.getRequest({ id });
      if (get().id === id) set({ detail, loading: false, error: null });
    } catch (err) {
      if (get().id === id) set({ loading: false, error: toApiError(err), ...(quiet ? {} : { detail: null }) });
    }
  }

  const requestDetail = {
    ...store,

    open(id: number | null) {
      if (id === get().id) return;
      set({ id, detail: null, error: null, loading: id !== null });
      if (id !== null) void fetchDetail(id, false);
    },
    setTab(tab: DetailTab) {
      set({ tab });
    },
    reload() {
      const id = get().id;
      if (id !== null) void fetchDetail(id, true);
    },
    /** Verification or delivery state of the open request changed: refetch, at most every 300 ms. */
    scheduleRefresh(ids: readonly number[]) {
      const id = get().id;
      if (id === null || !ids.includes(id) || refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        requestDetail.reload();
      }, 300);
    },
    applyDeliveries(deliveries: readonly Delivery[]) {
      const { detail } = get();
      if (!detail) return;
      const mine = deliveries.filter((d) => d.requestId === detail.id);
      if (mine.length === 0) return;
      set({ detail: { ...detail, deliveries: mine.reduce(mergeDelivery, detail.deliveries) } });
    },
    forgetDeleted(ids: readonly number[]) {
      const id = get().id;
      if (id !== null && ids.includes(id)) set({ id: null, detail: null, error: null });
    },

    /** Any request's detail without opening it (comparing, editing a replay). */
    fetch(id: number): Promise<RequestDetail> {
      return bridge.getRequest({ id });
    },
    /** The server's byte-exact cURL command; an IPC error's wrapping is taken off the message. */
    async curl(id: number): Promise<string> {
      try {
        return (await bridge.getCurl({ id })).command;
      } catch (err) {
        throw new Error(toApiError(err).message, { cause: err });
      }
    },
    /** Sends a request again (as captured, or edited) and follows the replay: its deliveries are about to happen. */
    async replay(input: InputOf<'replayRequest'>) {
      const result = await bridge.replayRequest(input);
      requestDetail.setTab('deliveries');
      requestList.select(result.requestId);
      return result;
    },
    async verify(id: number): Promise<void> {
      await bridge.verifyRequest({ id });
      requestDetail.reload();
    },
    async retryDelivery(deliveryId: number): Promise<void> {
      await bridge.retryDelivery({ id: deliveryId });
      requestDetail.reload();
    },
    /** The list and the pane drop the request when its deletion event arrives. */
    async deleteRequest(id: number): Promise<void> {
      await bridge.deleteRequest({ id });
    },

    dispose() {
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = null;
      unfollow();
    },
  };

  // The detail pane follows the list's selection.
  const unfollow = requestList.subscribe((s, prev) => {
    if (s.selectedId !== prev.selectedId) requestDetail.open(s.selectedId);
  });

  return requestDetail;
}
