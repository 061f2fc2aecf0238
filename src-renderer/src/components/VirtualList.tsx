import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { scrollToReveal, visibleRange } from './virtual-range';

interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  /** Index to keep in view (the selection). */
  revealIndex?: number | null;
  /** Called with the rendered range, e.g. to page more rows in. */
  onRangeChange?: (start: number, end: number) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  /** Called at most once a frame with the new scrollTop. */
  onScrolled?: (scrollTop: number) => void;
  className?: string;
  label: string;
  testId?: string;
  /** Lets the owner adjust scrollTop (keeping position when rows are inserted above). */
  viewportRef?: RefObject<HTMLDivElement | null>;
  role?: string;
  /** Id of the element that has the keyboard focus within the list (aria-activedescendant). */
  activeId?: string;
}

/**
 * Fixed-row-height windowing: only the rows in view (plus a few) are in the DOM, so
 * 100,000 rows cost as much as 40. Rows are positioned by transform, which needs no layout.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, renderRow, revealIndex, onRangeChange } = props;
  const ownViewport = useRef<HTMLDivElement | null>(null);
  const viewport = props.viewportRef ?? ownViewport;
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    // The observer reports the initial size too, right after observe().
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [viewport]);

  const { start, end } = visibleRange(scrollTop, height, rowHeight, count);

  useEffect(() => {
    onRangeChange?.(start, end);
  }, [start, end, onRangeChange]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el || revealIndex === null || revealIndex === undefined || revealIndex < 0) return;
    const next = scrollToReveal(revealIndex, el.scrollTop, el.clientHeight, rowHeight);
    if (next !== null) el.scrollTop = next;
  }, [revealIndex, rowHeight, viewport]);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={i} className="virtual-row" style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={viewport}
      className={`virtual-viewport ${props.className ?? ''}`}
      tabIndex={0}
      role={props.role ?? 'list'}
      aria-label={props.label}
      aria-activedescendant={props.activeId}
      data-testid={props.testId}
      onKeyDown={props.onKeyDown}
      onScroll={(e) => {
        void e;
        if (frame.current !== null) return;
        frame.current = requestAnimationFrame(() => {
          frame.current = null;
          const top = viewport.current?.scrollTop ?? 0;
          setScrollTop(top);
          props.onScrolled?.(top);
        });
      }}
    >
      <div className="virtual-canvas" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
