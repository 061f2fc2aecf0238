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

export const tunnel = {
  async load() {
    try {
      const status = await bridge().getTunnel({});
      useTunnelStore.setState({ status, available: true, error: null });
    } catch (err) {
      const error = toApiError(err);
      useTunnelStore.setState(isNotImplemented(error) ? { available: false, error: null } : { error });
    }
  },
  async set(settings: TunnelSettings) {
    useTunnelStore.setState({ busy: true, error: null });
    try {
      const status = await bridge().setTunnel(settings);
      useTunnelStore.setState({ status, busy: false });
    } catch (err) {
      useTunnelStore.setState({ error: toApiError(err), busy: false });
    }
  },
  apply(status: TunnelStatus) {
    useTunnelStore.setState({ status, available: true });
  },
};
