import { createStore } from 'zustand/vanilla';
import type { ApiError, HookbayBridge, TunnelSettings, TunnelStatus } from '@contract';
import { toApiError } from '../bridge/api-error';

export interface TunnelStoreState {
  status: TunnelStatus | null;
  busy: boolean;
  error: ApiError | null;
}

export type TunnelStore = ReturnType<typeof createTunnelStore>;

/** The public tunnel's status, pushed and asked for; its actions never reject (failures land in `error`). */
export function createTunnelStore(bridge: HookbayBridge) {
  const store = createStore<TunnelStoreState>()(() => ({ status: null, busy: false, error: null }));
  const { setState: set } = store;
  /**
   * Counts pushed statuses: an answer to a call is older than any event that arrived while
   * it was on its way (setTunnel answers "connecting" while "online" may already be pushed).
   */
  let pushed = 0;

  return {
    ...store,
    async load(): Promise<void> {
      const before = pushed;
      try {
        const status = await bridge.getTunnel({});
        if (pushed === before) set({ status, error: null });
      } catch (err) {
        set({ error: toApiError(err) });
      }
    },
    async set(settings: TunnelSettings): Promise<void> {
      set({ busy: true, error: null });
      const before = pushed;
      try {
        const status = await bridge.setTunnel(settings);
        set(pushed === before ? { status, busy: false } : { busy: false });
      } catch (err) {
        set({ error: toApiError(err), busy: false });
      }
    },
    apply(status: TunnelStatus) {
      pushed++;
      set({ status });
    },
    dismissError() {
      set({ error: null });
    },
  };
}
