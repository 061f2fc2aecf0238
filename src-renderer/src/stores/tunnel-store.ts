import { create } from 'zustand';
import type { ApiError, TunnelSettings, TunnelStatus } from '@contract';
import { isNotImplemented, toApiError } from '../bridge/api-error';
import { bridge } from '../bridge/active-bridge';

interface TunnelStoreState {
  status: TunnelStatus | null;
  /** False when this build has no tunnel (501). */
  available: boolean;
  busy: boolean;
  error: ApiError | null;
}

export const useTunnelStore = create<TunnelStoreState>(() => ({ status: null, available: true, busy: false, error: null }));

/**
 * Counts pushed statuses: an answer to a call is older than any event that arrived while
 * it was on its way (setTunnel answers "connecting" while "online" may already be pushed).
 */
let pushed = 0;

export const tunnel = {
  async load() {
    const before = pushed;
    try {
      const status = await bridge().getTunnel({});
      if (pushed === before) useTunnelStore.setState({ status, available: true, error: null });
    } catch (err) {
      const error = toApiError(err);
      useTunnelStore.setState(isNotImplemented(error) ? { available: false, error: null } : { error });
    }
  },
  async set(settings: TunnelSettings) {
    useTunnelStore.setState({ busy: true, error: null });
    const before = pushed;
    try {
      const status = await bridge().setTunnel(settings);
      useTunnelStore.setState(pushed === before ? { status, busy: false } : { busy: false });
    } catch (err) {
      useTunnelStore.setState({ error: toApiError(err), busy: false });
    }
  },
  apply(status: TunnelStatus) {
    pushed++;
    useTunnelStore.setState({ status, available: true });
  },
};
