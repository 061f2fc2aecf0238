import { createStore } from 'zustand/vanilla';
import type { ApiError, Facets, HookbayBridge, InputOf, RequestSummary } from '@contract';
import { toApiError } from '../bridge/api-error';
import { EMPTY_FILTER, filterKey, matchesLive, toRequestFilter, type RequestFilterState } from '@contract';
import type { EventBatch } from '../live/event-batch';

const FIRST_PAGE = 200;
const NEXT_PAGE = 1000;

export interface RequestListState {
  filter: RequestFilterState;
  /** Newest first, as the server pages them. */
  items: RequestSummary[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  /** Matching requests on the server (facets' total), bumped locally between refreshes. */
  total: number | null;
  /** Counts for the current filter. */
  facets: Facets | null;
  /** Counts for the filter without its method/event/signature/delivery chips, for the menus. */
  menuFacets: Facets | null;
  selectedId: number | null;
  /** Rows ticked for bulk replay/export. */
  checked: ReadonlySet<number>;
  /** Set when rows were inserted at the head, so the list can keep the user's scroll position. */
  headInserted: number;
}

const initialState = (): RequestListState => ({
  filter: EMPTY_FILTER,
  items: [],
  nextCursor: null,
  loading: true,
  loadingMore: false,
  error: null,
  total: null,
  facets: null,
  menuFacets: null,
  selectedId: null,
  checked: new Set(),
  headInserted: 0,
});

function menuFilter(state: RequestFilterState): RequestFilterState {
  return { ...state, chips: state.chips.filter((c) => c.kind === 'endpoint' || c.kind === 'from' || c.kind === 'to') };
}

export type RequestListStore = ReturnType<typeof createRequestListStore>;

/**
 * The captured-request list: the filter, the rows paged in so far, facets, selection and
 * ticked rows. Store actions fired without awaiting never reject: failures land in `error`.
 */
export function createRequestListStore(bridge: HookbayBridge) {
  const store = createStore<RequestListState>()(initialState);
  const { getState: get, setState: set } = store;

  /** Bumped on every reload, so answers to an older filter are dropped. */
  let generation = 0;
  let facetsTimer: ReturnType<typeof setTimeout> | null = null;
  let headTimer: ReturnType<typeof setTimeout> | null = null;
  let loadedKey = '';
  /** The deepest row the list has asked for; one paging loop at a time works towards it. */
  let wantedIndex = -1;
  let paging = false;
  let moreInFlight: Promise<void> | null = null;
  /** Live requests that arrived while a reload was in flight: its page may predate them. */
  let arrivedWhileLoading: RequestSummary[] = [];
  let menuFacetsKey = '';

  /**
   * Facets are COUNT … GROUP BY over the whole store, the slowest call here: the menu's
   * counts are fetched separately only when the filter has chips they ignore, and kept
   * while only those chips change (unless `fresh`, for new captures).
   */
  async function fetchFacets(fresh = false): Promise<void> {
    const gen = generation;
    const filter = get().filter;
    const menu = menuFilter(filter);
    const key = filterKey(filter);
    const menuKey = filterKey(menu);
    try {
      const full = bridge.getFacets(toRequestFilter(filter));
      const reuseMenu = !fresh && menuKey === menuFacetsKey && get().menuFacets !== null;
      const menuFacets = menuKey === key ? full : reuseMenu ? Promise.resolve(get().menuFacets!) : bridge.getFacets(toRequestFilter(menu));
      const [facets, menuResult] = await Promise.all([full, menuFacets]);
      if (gen !== generation) return;
      menuFacetsKey = menuKey;
      set({ facets, menuFacets: menuResult, total: facets.total });
    } catch (err) {
      if (gen === generation) set({ error: toApiError(err) });
    }
  }

  function insertAtHead(fresh: RequestSummary[]): number {
    const { items } = get();
    const topId = items[0]?.id ?? 0;
    const newer = fresh.filter((r) => r.id > topId);
    if (newer.length === 0) return 0;
    set((s) => ({
      items: newer.concat(s.items),
      total: s.total === null ? null : s.total + newer.length,
      headInserted: s.headInserted + 1,
    }));
    return newer.length;
  }

  const requestList = {
    ...store,

    async reload(): Promise<void> {
      const gen = ++generation;
      wantedIndex = -1;
      moreInFlight = null;
      arrivedWhileLoading = [];
      const filter = get().filter;
      loadedKey = filterKey(filter);
      set({ loading: true, error: null });
      try {
        const page = await bridge.listRequests({ ...toRequestFilter(filter), limit: FIRST_PAGE });
        if (gen !== generation) return;
        // Facets count the whole store and the server answers in order: ask once the rows are in.
        void fetchFacets();
        const keep = get().selectedId;
        set({
          items: page.items,
          nextCursor: page.nextCursor,
          loading: false,
          loadingMore: false,
          selectedId: keep,
          headInserted: 0,
        });
        const arrived = arrivedWhileLoading;
        arrivedWhileLoading = [];
        insertAtHead(arrived);
      } catch (err) {
        if (gen === generation) set({ loading: false, error: toApiError(err), items: [], nextCursor: null });
        void fetchFacets();
      }
    },

    setFilter(filter: RequestFilterState) {
      set({ filter, checked: new Set() });
      if (filterKey(filter) !== loadedKey) void requestList.reload();
    },

    /** The next page; concurrent callers share the one request in flight. */
    loadMore(): Promise<void> {
      if (moreInFlight) return moreInFlight;
      const { nextCursor, filter } = get();
      if (!nextCursor) return Promise.resolve();
      const gen = generation;
      set({ loadingMore: true });
      moreInFlight = (async () => {
        try {
          const page = await bridge.listRequests({ ...toRequestFilter(filter), limit: NEXT_PAGE, cursor: nextCursor });
          if (gen !== generation) return;
          set((s) => {
            const lastId = s.items.at(-1)?.id ?? Infinity;
            return { items: s.items.concat(page.items.filter((r) => r.id < lastId)), nextCursor: page.nextCursor, loadingMore: false };
          });
        } catch (err) {
          if (gen === generation) set({ loadingMore: false, error: toApiError(err) });
        } finally {
          moreInFlight = null;
        }
      })();
      return moreInFlight;
    },

    /** Pages in (one after another: the cursor is keyset) until row `index` is loaded. */
    async ensureLoaded(index: number): Promise<void> {
      wantedIndex = Math.max(wantedIndex, index);
      if (paging) return;
      paging = true;
      try {
        while (get().items.length <= wantedIndex && get().nextCursor && !get().loading) {
          const before = get().items.length;
          await requestList.loadMore();
          if (get().items.length === before) break;
        }
      } finally {
        paging = false;
      }
    },

    dismissError() {
      set({ error: null });
    },

    select(id: number | null) {
      set({ selectedId: id });
    },

    moveSelection(delta: number) {
      const { items, selectedId } = get();
      if (items.length === 0) return;
      const at = selectedId === null ? -1 : items.findIndex((r) => r.id === selectedId);
      const next = Math.max(0, Math.min(items.length - 1, at === -1 ? 0 : at + delta));
      set({ selectedId: items[next]!.id });
      if (next > items.length - 50) void requestList.loadMore();
    },

    toggleChecked(id: number) {
      set((s) => {
        const checked = new Set(s.checked);
        if (checked.has(id)) checked.delete(id);
        else checked.add(id);
        return { checked };
      });
    },

    /** Shift-click: tick every row between the last selected one and this one. */
    checkRange(toId: number) {
      const { items, selectedId, checked } = get();
      const a = items.findIndex((r) => r.id === (selectedId ?? toId));
      const b = items.findIndex((r) => r.id === toId);
      if (a === -1 || b === -1) return;
      const next = new Set(checked);
      for (let i = Math.min(a, b); i <= Math.max(a, b); i++) next.add(items[i]!.id);
      set({ checked: next });
    },

    clearChecked() {
      set({ checked: new Set() });
    },

    /** Ticks exactly these requests (an import's, so they read and act as one). */
    setChecked(ids: readonly number[]) {
      set({ checked: new Set(ids) });
    },

    /** Replays the ticked rows (to their targets, or to `url`), then unticks them. Rejects on failure. */
    async replayChecked(options: Omit<InputOf<'replayMany'>, 'ids'>) {
      const result = await bridge.replayMany({ ids: [...get().checked], ...options });
      requestList.clearChecked();
      return result;
    },

    /** Deletes the ticked rows (the list drops them when the deletion event arrives), then unticks them. */
    async deleteChecked(): Promise<number> {
      const { deleted } = await bridge.deleteRequests({ ids: [...get().checked] });
      requestList.clearChecked();
      return deleted;
    },

    /** Applies one frame's events: the list changes at most once per frame. */
    applyBatch(batch: EventBatch) {
      const state = get();
      if (batch.deletedUnknown) {
        void requestList.reload();
        return;
      }
      let textMatchPending = false;
      if (batch.captured.length) {
        const matching: RequestSummary[] = [];
        for (const r of batch.captured) {
          const m = matchesLive(state.filter, r);
          if (m === 'yes') matching.push(r);
          else if (m === 'unknown') textMatchPending = true;
        }
        if (state.loading) arrivedWhileLoading = matching.concat(arrivedWhileLoading).slice(0, 5000);
        else insertAtHead(matching);
      }
      if (batch.updated.length || batch.deletedIds.length || batch.clearedEndpoints.length) {
        const updates = new Map(batch.updated.map((r) => [r.id, r]));
        const deleted = new Set(batch.deletedIds);
        const cleared = new Set(batch.clearedEndpoints);
        set((s) => {
          let removed = 0;
          const items: RequestSummary[] = [];
          let changed = false;
          for (const r of s.items) {
            if (deleted.has(r.id) || cleared.has(r.endpointId)) {
              removed++;
              changed = true;
              continue;
            }
            const u = updates.get(r.id);
            if (u) changed = true;
            items.push(u ?? r);
          }
          if (!changed) return {};
          const checked = removed ? new Set([...s.checked].filter((id) => !deleted.has(id))) : s.checked;
          const selectedGone = s.selectedId !== null && deleted.has(s.selectedId);
          return {
            items,
            checked,
            total: s.total === null ? null : Math.max(0, s.total - removed),
            selectedId: selectedGone ? null : s.selectedId,
          };
        });
      }
      if (textMatchPending) requestList.scheduleHeadRefresh();
      if (batch.captured.length || batch.updated.length || batch.deletedIds.length || batch.clearedEndpoints.length) {
        requestList.scheduleFacets();
      }
    },

    /** Facet counts are a COUNT over the whole store: at most one refresh per second while events flow. */
    scheduleFacets() {
      if (facetsTimer) return;
      facetsTimer = setTimeout(() => {
        facetsTimer = null;
        void fetchFacets(true);
      }, 1000);
    },

    /** With free text only the server knows what matches: fetch the head and merge what is new. */
    scheduleHeadRefresh() {
      if (headTimer) return;
      headTimer = setTimeout(() => {
        headTimer = null;
        void refreshHead();
      }, 500);
    },

    /** Stops the timers; answers still on their way are dropped. */
    dispose() {
      generation++;
      if (facetsTimer) clearTimeout(facetsTimer);
      if (headTimer) clearTimeout(headTimer);
      facetsTimer = headTimer = null;
    },
  };

  async function refreshHead(): Promise<void> {
    const gen = generation;
    try {
      const page = await bridge.listRequests({ ...toRequestFilter(get().filter), limit: FIRST_PAGE });
      if (gen === generation) insertAtHead(page.items);
    } catch (err) {
      if (gen === generation) set({ error: toApiError(err) });
    }
  }

  return requestList;
}
