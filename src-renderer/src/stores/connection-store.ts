import { create } from 'zustand';
import type { StreamState } from '../bridge/event-stream';

interface ConnectionState {
  transport: 'ipc' | 'http' | null;
  stream: StreamState;
  retryAt: number | null;
  reason: string | null;
}

export const useConnectionStore = create<ConnectionState>(() => ({
  transport: null,
  stream: 'connecting',
  retryAt: null,
  reason: null,
}));

export const connection = {
  setTransport(transport: 'ipc' | 'http') {
    useConnectionStore.setState({ transport, stream: transport === 'ipc' ? 'open' : 'connecting' });
  },
  setStream(stream: StreamState, detail?: { retryAt: number; reason: string }) {
    useConnectionStore.setState({ stream, retryAt: detail?.retryAt ?? null, reason: detail?.reason ?? null });
  },
};
