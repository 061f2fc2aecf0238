import { create } from 'zustand';
import type { ApiError, Endpoint, Info, RequestSummary } from '@contract';
import { toApiError } from '../bridge/api-error';
import { bridge } from '../bridge/active-bridge';

interface EndpointsState {
  endpoints: Endpoint[];
  info: Info | null;
  loaded: boolean;
  error: ApiError | null;
}

export const useEndpointsStore = create<EndpointsState>(() => ({
  endpoints: [],
  info: null,
  loaded: false,
  error: null,
}));

let loading: Promise<void> | null = null;
let reloadAgain = false;
let reconcileTimer: ReturnType<typeof setTimeout> | null = null;

export const endpoints = {
  /** Coalesces overlapping reloads: at most one in flight and one queued. */
  async load(): Promise<void> {
    if (loading) {
      reloadAgain = true;
      return loading;
    }
    loading = (async () => {
      try {
        const [list, info] = await Promise.all([
          bridge().listEndpoints({}),
          useEndpointsStore.getState().info ? Promise.resolve(useEndpointsStore.getState().info!) : bridge().getInfo({}),
        ]);
        useEndpointsStore.setState({ endpoints: list, info, loaded: true, error: null });
      } catch (err) {
        useEndpointsStore.setState({ error: toApiError(err), loaded: true });
      } finally {
        loading = null;
        if (reloadAgain) {
          reloadAgain = false;
          void endpoints.load();
        }
      }
    })();
    return loading;
  },

  /**
   * Local counting can race a reload that was computed before some captures; while
   * requests flow, the server's counts are re-read at most every two seconds.
   */
  scheduleReconcile() {
    if (reconcileTimer) return;
    reconcileTimer = setTimeout(() => {
      reconcileTimer = null;
      void endpoints.load();
    }, 2000);
  },

  /** Counts move with every capture; bumping them locally saves a refetch per request. */
  countCaptured(captured: readonly RequestSummary[]) {
    if (captured.length === 0) return;
    const byEndpoint = new Map<string, number>();
    for (const r of captured) byEndpoint.set(r.endpointId, (byEndpoint.get(r.endpointId) ?? 0) + 1);
    // A reload in flight may have counted before these: read again once it is back. A capture
    // for an endpoint not listed yet (just created) needs a reload too.
    const known = new Set(useEndpointsStore.getState().endpoints.map((e) => e.id));
    if (loading) reloadAgain = true;
    else if ([...byEndpoint.keys()].some((id) => !known.has(id))) void endpoints.load();
    useEndpointsStore.setState((s) => ({
      endpoints: s.endpoints.map((e) => {
        const n = byEndpoint.get(e.id);
        return n ? { ...e, unread: e.unread + n, total: e.total + n } : e;
      }),
    }));
  },

  async markRead(id: string) {
    const endpoint = useEndpointsStore.getState().endpoints.find((e) => e.id === id);
    if (!endpoint || endpoint.unread === 0) return;
    useEndpointsStore.setState((s) => ({ endpoints: s.endpoints.map((e) => (e.id === id ? { ...e, unread: 0 } : e)) }));
    try {
      await bridge().markEndpointRead({ id });
    } catch (err) {
      useEndpointsStore.setState({ error: toApiError(err) });
    }
  },

  bySlug(slug: string): Endpoint | undefined {
    return useEndpointsStore.getState().endpoints.find((e) => e.slug === slug);
  },
};
