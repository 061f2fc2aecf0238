import { create } from 'zustand';

export type DialogState =
  | { kind: 'endpoint-editor'; endpointId: string | null }
  | { kind: 'replay-editor'; requestId: number }
  | { kind: 'test-event'; endpointId: string | null }
  | { kind: 'compare'; leftId: number; rightId: number }
  | { kind: 'tunnel-settings' };

interface UiState {
  dialog: DialogState | null;
}

export const useUiStore = create<UiState>(() => ({ dialog: null }));

export const ui = {
  open(dialog: DialogState) {
    useUiStore.setState({ dialog });
  },
  close() {
    useUiStore.setState({ dialog: null });
  },
};
