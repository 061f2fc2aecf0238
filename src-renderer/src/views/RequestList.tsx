import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../components/ErrorNote';
import { VirtualList } from '../components/VirtualList';
import { chipValues, filterKey } from '@contract';
import { useFocusRequest, useRequestList, useStores } from '../stores/use-stores';
import { EmptyRequests } from './EmptyRequests';
import { PlaceholderRow, RequestRow } from './RequestRow';

export const ROW_HEIGHT = 30;

export function RequestList() {
  const { requestList, ui } = useStores();
  const { items, nextCursor, total, loading, error, selectedId, checked, headInserted, filter } = useRequestList(
    useShallow((s) => ({
      items: s.items,
      nextCursor: s.nextCursor,
      total: s.total,
      loading: s.loading,
      error: s.error,
      selectedId: s.selectedId,
      checked: s.checked,
      headInserted: s.headInserted,
      filter: s.filter,
    })),
  );
  const viewport = useRef<HTMLDivElement | null>(null);
  const firstId = useRef<number | null>(null);
  useFocusRequest('request-list', () => viewport.current?.focus());
  const showEndpoint = chipValues(filter, 'endpoint').length === 0;

  // Rows arriving at the top must not push what the user is reading down; at the very top the list tails live.
  useLayoutEffect(() => {
    const el = viewport.current;
    const previous = firstId.current;
    firstId.current = items[0]?.id ?? null;
    if (!el || previous === null || el.scrollTop === 0) return;
    let shift = 0;
    while (shift < items.length && items[shift]!.id > previous) shift++;
    if (shift > 0 && shift < items.length) el.scrollTop += shift * ROW_HEIGHT;
  }, [headInserted, items]);

  // Scrolled away from the top, new rows are counted so a pill can offer to jump back.
  // A new filter starts a new list (remounted, at the top): the mark belongs to one filter.
  const listKey = filterKey(filter);
  const [left, setLeft] = useState<{ listKey: string; topId: number } | null>(null);
  const onScrolled = useCallback(
    (top: number) => {
      const head = requestList.getState().items[0]?.id;
      setLeft((l) => (top < ROW_HEIGHT || head === undefined ? null : l?.listKey === listKey ? l : { listKey, topId: head }));
    },
    [listKey, requestList],
  );
  let unseen = 0;
  if (left?.listKey === listKey) while (unseen < items.length && items[unseen]!.id > left.topId) unseen++;

  const count = nextCursor ? Math.max(items.length + 1, total ?? 0) : items.length;
  const selectedIndex = selectedId === null ? -1 : items.findIndex((r) => r.id === selectedId);

  const onRowClick = useCallback(
    (id: number, e: MouseEvent) => {
      if (e.shiftKey) requestList.checkRange(id);
      else if (e.metaKey || e.ctrlKey) requestList.toggleChecked(id);
      else requestList.select(id);
    },
    [requestList],
  );
  const onCheck = useCallback((id: number) => requestList.toggleChecked(id), [requestList]);
  const onRange = useCallback(
    (_start: number, end: number) => {
      const loaded = requestList.getState().items.length;
      if (end >= loaded - 20) void requestList.ensureLoaded(end + 200);
    },
    [requestList],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((viewport.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity, j: 1, k: -1 };
    const delta = moves[e.key];
    if (delta !== undefined) {
      e.preventDefault();
      requestList.moveSelection(Number.isFinite(delta) ? delta : delta > 0 ? 1e9 : -1e9);
    } else if (e.key === ' ' && selectedId !== null) {
      e.preventDefault();
      requestList.toggleChecked(selectedId);
    } else if (e.key === 'Enter' && selectedId !== null) {
      e.preventDefault();
      ui.focus('detail-tabs');
    } else if (e.key === 'Escape') requestList.clearChecked();
  };

  if (error && items.length === 0) {
    return (
      <div className="list-message">
        <ErrorNote error={error} />
        <button type="button" onClick={() => void requestList.reload()}>
          Try again
        </button>
      </div>
    );
  }
  if (!loading && items.length === 0) return <EmptyRequests />;

  return (
    <div className="request-list">
      <div className={`request-list-header ${showEndpoint ? 'with-endpoint' : ''}`} aria-hidden="true">
        <span className="row-check" />
        <span className="cell-time">Time</span>
        <span className="cell-method">Method</span>
        {showEndpoint && <span className="cell-endpoint">Endpoint</span>}
        <span className="cell-path">Path</span>
        <span className="cell-event">Event</span>
        <span className="cell-size">Size</span>
        <span className="cell-signature">Signature</span>
        <span className="cell-delivery">Delivery</span>
      </div>
      {error && <ErrorNote error={error} onDismiss={() => requestList.dismissError()} />}
      {unseen > 0 && (
        <button
          type="button"
          className="new-rows-pill"
          data-testid="new-rows"
          onClick={() => {
            if (viewport.current) viewport.current.scrollTop = 0;
            setLeft(null);
          }}
        >
          ↑ {unseen.toLocaleString()} new
        </button>
      )}
      <VirtualList
        key={listKey}
        count={count}
        rowHeight={ROW_HEIGHT}
        label="Captured requests"
        role="listbox"
        testId="request-list"
        className={`requests-viewport ${showEndpoint ? 'with-endpoint' : ''}`}
        revealIndex={selectedIndex}
        activeId={selectedIndex >= 0 ? `request-${selectedId}` : undefined}
        onRangeChange={onRange}
        onKeyDown={onKeyDown}
        onScrolled={onScrolled}
        viewportRef={viewport}
        renderRow={(i) => {
          const r = items[i];
          if (!r) return <PlaceholderRow />;
          return (
            <RequestRow
              request={r}
              selected={r.id === selectedId}
              checked={checked.has(r.id)}
              showEndpoint={showEndpoint}
              onClick={onRowClick}
              onCheck={onCheck}
            />
          );
        }}
      />
    </div>
  );
}
