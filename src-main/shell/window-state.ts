import type { WindowState } from './desktop-settings';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_SIZE = { width: 1280, height: 820 };

/**
 * Where to open the window: the remembered bounds if enough of them is still on one of the
 * current displays (monitors get unplugged), else the remembered size, centred.
 */
export function initialBounds(saved: WindowState | null, workAreas: Rect[]): { x?: number; y?: number; width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const largest = workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a), workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE });
  const width = Math.min(saved.width, largest.width);
  const height = Math.min(saved.height, largest.height);
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  const rect = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((area) => overlap(rect, area) >= Math.min(0.5 * width * height, 200 * 100));
  return visible ? rect : { width, height };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export interface TrackedWindow {
  isDestroyed(): boolean;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isMinimized(): boolean;
  /** Bounds when not maximized/full-screen, so restoring un-maximizes to the right place. */
  getNormalBounds(): Rect;
  on(event: 'resize' | 'move' | 'close' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen', listener: () => void): unknown;
}

/** Saves the window's state (debounced while dragging, immediately on close). */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const snapshot = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    save({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized(), fullScreen: win.isFullScreen() });
  };
  const later = () => {
    if (timer) timers.clear(timer);
    timer = timers.set(snapshot, 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) win.on(e, later);
  win.on('close', () => {
    if (timer) timers.clear(timer);
    snapshot();
  });
}
