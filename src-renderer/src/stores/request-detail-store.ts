import { create } from 'zustand';
import type { ApiError, Delivery, RequestDetail } from '@contract';
import { toApiError } from '../bridge/api-error';
import { bridge } from '../bridge/active-bridge';

export type DetailTab = 'overview' | 'headers' | 'body' | 'signature' | 'deliveries';

interface RequestDetailState {
  id: number | null;
  detail: RequestDetail | null;
  loading: boolean;
  error: ApiError | null;
  tab: DetailTab;
}

export const useRequestDetailStore = create<RequestDetailState>(() => ({
  id: null,
  detail: null,
  loading: false,
  error: null,
  tab: 'overview',
}));

const get = useRequestDetailStore.getState;
const set = useRequestDetailStore.setState;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

async function fetchDetail(id: number, quiet: boolean): Promise<void> {
  if (!quiet) set({ loading: true, error: null });
  try {
    const detail = await bridge().getRequest({ id });
    if (get().id === id) set({ detail, loading: false, error: null });
  } catch (err) {
    if (get().id === id) set({ loading: false, error: toApiError(err), ...(quiet ? {} : { detail: null }) });
  }
}

function mergeDelivery(list: Delivery[], d: Delivery): Delivery[] {
  const at = list.findIndex((x) => x.id === d.id);
  if (at === -1) return [...list, d];
  const next = list.slice();
  next[at] = d;
  return next;
}

export const requestDetail = {
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
};
