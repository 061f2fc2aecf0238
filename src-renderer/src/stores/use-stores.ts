import { createContext, useContext, useEffect, useLayoutEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { ConnectionState } from './connection-store';
import type { EndpointsState } from './endpoints-store';
import type { HealthState } from './health-store';
import type { NoticeState } from './notice-store';
import type { RequestDetailState } from './request-detail-store';
import type { RequestListState } from './request-list-store';
import type { Stores } from './stores';
import type { TunnelStoreState } from './tunnel-store';
import type { FocusTarget, UiState } from './ui-store';

/** The stores `main.tsx` built; views read them with `useStores()` and the hooks below. */
export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('The inspector views need the stores: render them inside <StoresContext>.');
  return stores;
}

// One selector hook per store (pass `useShallow(…)` when the selector builds an object).
export const useRequestList = <T>(selector: (s: RequestListState) => T): T => useStore(useStores().requestList, selector);
export const useRequestDetail = <T>(selector: (s: RequestDetailState) => T): T => useStore(useStores().requestDetail, selector);
export const useEndpoints = <T>(selector: (s: EndpointsState) => T): T => useStore(useStores().endpoints, selector);
export const useHealth = <T>(selector: (s: HealthState) => T): T => useStore(useStores().health, selector);
export const useTunnel = <T>(selector: (s: TunnelStoreState) => T): T => useStore(useStores().tunnel, selector);
export const useConnection = <T>(selector: (s: ConnectionState) => T): T => useStore(useStores().connection, selector);
export const useNotices = <T>(selector: (s: NoticeState) => T): T => useStore(useStores().notices, selector);
export const useUi = <T>(selector: (s: UiState) => T): T => useStore(useStores().ui, selector);

/**
 * Calls `focus` when another view asks for `target` (`stores.ui.focus(target)`), in the same
 * task as the asking key press, as a direct `.focus()` would.
 */
export function useFocusRequest(target: FocusTarget, focus: () => void): void {
  const { ui } = useStores();
  const latest = useRef(focus);
  useLayoutEffect(() => {
    latest.current = focus;
  });
  useEffect(
    () =>
      ui.subscribe((s, prev) => {
        if (s.focusRequest !== prev.focusRequest && s.focusRequest?.target === target) latest.current();
      }),
    [ui, target],
  );
}
