import { createStore } from 'zustand/vanilla';

export type DialogState =
  | { kind: 'endpoint-editor'; endpointId: string | null }
  | { kind: 'replay-editor'; requestId: number }
  | { kind: 'test-event'; endpointId: string | null }
  | { kind: 'compare'; leftId: number; rightId: number }
  | { kind: 'tunnel-settings' };

/** What one view may ask another to focus (the keyboard moves from the search box to the list to the tabs). */
export type FocusTarget = 'request-list' | 'detail-tabs';

export interface UiState {
  dialog: DialogState | null;
  /** The latest focus request; `seq` makes asking twice a change. See `useFocusRequest`. */
  focusRequest: { target: FocusTarget; seq: number } | null;
}

export type UiStore = ReturnType<typeof createUiStore>;

export function createUiStore() {
  const store = createStore<UiState>()(() => ({ dialog: null, focusRequest: null }));
  const { setState: set } = store;
  return {
    ...store,
    open(dialog: DialogState) {
      set({ dialog });
    },
    close() {
      set({ dialog: null });
    },
    /** Asks the view that owns `target` to focus it; nothing happens when it is not shown. */
    focus(target: FocusTarget) {
      set((s) => ({ focusRequest: { target, seq: (s.focusRequest?.seq ?? 0) + 1 } }));
    },
  };
}
