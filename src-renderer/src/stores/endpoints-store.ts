import { createStore } from 'zustand/vanilla';
import type { ApiError, Endpoint, EndpointInput, HookbayBridge, Info, InputOf, RequestSummary, SampleEvent } from '@contract';
import { toApiError } from '../bridge/api-error';

export interface EndpointsState {
  endpoints: Endpoint[];
  info: Info | null;
  loaded: boolean;
  error: ApiError | null;
}

export type EndpointsStore = ReturnType<typeof createEndpointsStore>;

/**
 * Endpoints with their counts, the server's info, and what can be done to an endpoint.
 * `load` and `markRead` never reject (failures land in `error`); the editing actions reject
 * with the bridge's error, for the form to show in place.
 */
export function createEndpointsStore(bridge: HookbayBridge) {
  const store = createStore<EndpointsState>()(() => ({ endpoints: [], info: null, loaded: false, error: null }));
  const { getState: get, setState: set } = store;
  let loading: Promise<void> | null = null;
  let reloadAgain = false;
  let reconcileTimer: ReturnType<typeof setTimeout> | null = null;

  const endpoints = {
    ...store,

    /** Coalesces overlapping reloads: at most one in flight and one queued. */
    async load(): Promise<void> {
      if (loading) {
        reloadAgain = true;
        return loading;
      }
      loading = (async () => {
        try {
          const known = get().info;
          const [list, info] = await Promise.all([bridge.listEndpoints({}), known ? Promise.resolve(known) : bridge.getInfo({})]);
          set({ endpoints: list, info, loaded: true, error: null });
        } catch (err) {
          set({ error: toApiError(err), loaded: true });
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
      const known = new Set(get().endpoints.map((e) => e.id));
      if (loading) reloadAgain = true;
      else if ([...byEndpoint.keys()].some((id) => !known.has(id))) void endpoints.load();
      set((s) => ({
        endpoints: s.endpoints.map((e) => {
          const n = byEndpoint.get(e.id);
          return n ? { ...e, unread: e.unread + n, total: e.total + n } : e;
        }),
      }));
    },

    async markRead(id: string): Promise<void> {
      const endpoint = get().endpoints.find((e) => e.id === id);
      if (!endpoint || endpoint.unread === 0) return;
      set((s) => ({ endpoints: s.endpoints.map((e) => (e.id === id ? { ...e, unread: 0 } : e)) }));
      try {
        await bridge.markEndpointRead({ id });
      } catch (err) {
        set({ error: toApiError(err) });
      }
    },

    bySlug(slug: string): Endpoint | undefined {
      return get().endpoints.find((e) => e.slug === slug);
    },

    /** Creates (`id` null) or updates an endpoint; resolves once the list shows it. */
    async save(id: string | null, input: EndpointInput): Promise<Endpoint> {
      const saved = id ? await bridge.updateEndpoint({ id, ...input }) : await bridge.createEndpoint(input);
      await endpoints.load();
      return saved;
    },
    async remove(id: string): Promise<void> {
      await bridge.deleteEndpoint({ id });
      await endpoints.load();
    },
    /** Deletes the endpoint's requests; the counts follow from the deletion event. */
    async clearRequests(id: string): Promise<number> {
      return (await bridge.clearEndpointRequests({ id })).deleted;
    },
    async retryFailed(id: string): Promise<number> {
      return (await bridge.retryFailed({ id })).retried;
    },

    sampleEvents(): Promise<SampleEvent[]> {
      return bridge.listSampleEvents({});
    },
    sendTestEvent(input: InputOf<'sendTestEvent'>) {
      return bridge.sendTestEvent(input);
    },

    dispose() {
      if (reconcileTimer) clearTimeout(reconcileTimer);
      reconcileTimer = null;
    },
  };
  return endpoints;
}
