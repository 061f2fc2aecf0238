import { createStore } from 'zustand/vanilla';

export type DialogState =
  | { kind: 'endpoint-editor'; endpointId: string | null }
  | { kind: 'replay-editor'; requestId: number }
  | { kind: 'test-event'; endpointId: string | null }
  | { kind: 'compare'; leftId: number; rightId: number }
  | { kind: 'tunnel-settings' };

export interface UiState {
  dialog: DialogState | null;
}

export type UiStore = ReturnType<typeof createUiStore>;

export function createUiStore() {
  const store = createStore<UiState>()(() => ({ dialog: null }));
  const { setState: set } = store;
  return {
    ...store,
    open(dialog: DialogState) {
      set({ dialog });
    },
    close() {
      set({ dialog: null });
    },
  };
}
