import { createStore } from 'zustand/vanilla';
import type { StreamState } from '../bridge/event-stream';

export interface ConnectionState {
  transport: 'ipc' | 'http' | null;
  stream: StreamState;
  retryAt: number | null;
  reason: string | null;
  /** Set when the event stream dropped: events may have been missed until a resynchronisation. */
  missedEvents: boolean;
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;

/** How the inspector reaches Hookbay, and whether live updates are flowing. */
export function createConnectionStore() {
  const store = createStore<ConnectionState>()(() => ({ transport: null, stream: 'connecting', retryAt: null, reason: null, missedEvents: false }));
  const { setState: set } = store;
  return {
    ...store,
    setTransport(transport: 'ipc' | 'http') {
      set({ transport, stream: transport === 'ipc' ? 'open' : 'connecting' });
    },
    setStream(stream: StreamState, detail?: { retryAt: number; reason: string }) {
      set({ stream, retryAt: detail?.retryAt ?? null, reason: detail?.reason ?? null, ...(stream === 'lost' ? { missedEvents: true } : {}) });
    },
    resynchronized() {
      set({ missedEvents: false });
    },
  };
}
