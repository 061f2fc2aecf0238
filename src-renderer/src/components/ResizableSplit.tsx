import { useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const STORAGE_KEY = 'hookbay.detailWidth';
const MIN_RIGHT = 360;
const MIN_LEFT = 440;

function storedWidth(): number | null {
  try {
    const n = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(n) && n >= MIN_RIGHT ? n : null;
  } catch {
    return null;
  }
}

/** List on the left, detail on the right, with a draggable (and keyboard-movable) divider that is remembered. */
export function ResizableSplit({ left, right }: { left: ReactNode; right: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(storedWidth);
  const dragging = useRef(false);

  const apply = (next: number) => {
    const total = root.current?.getBoundingClientRect().width ?? 0;
    const clamped = Math.round(Math.max(MIN_RIGHT, Math.min(total - MIN_LEFT, next)));
    setWidth(clamped);
    try {
      localStorage.setItem(STORAGE_KEY, String(clamped));
    } catch {
      /* storage may be unavailable; the width just is not remembered */
    }
  };
  const current = () => width ?? (root.current?.getBoundingClientRect().width ?? 0) * 0.42;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current || !root.current) return;
    apply(root.current.getBoundingClientRect().right - e.clientX);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    apply(current() + (e.key === 'ArrowLeft' ? 40 : -40));
  };

  return (
    <div className="split" ref={root} style={width ? ({ '--detail-width': `${width}px` } as CSSProperties) : undefined}>
      {left}
      <div
        className="split-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the detail pane"
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onDoubleClick={() => {
          setWidth(null);
          try {
            localStorage.removeItem(STORAGE_KEY);
          } catch {
            /* nothing to forget */
          }
        }}
        onKeyDown={onKeyDown}
      />
      {right}
    </div>
  );
}
