/**
 * Runs `work` while counting event-loop turns (setImmediate ticks) and the longest gap between
 * them. One synchronous pass leaves no turn and one gap as long as the whole work; sliced work
 * turns between slices. Tests assert relative to `workMs`, so they hold on fast and loaded machines.
 */
export async function withLoopTurns<T>(work: () => Promise<T>): Promise<{ value: T; turns: number; maxGapMs: number; workMs: number }> {
  let turns = 0;
  let maxGapMs = 0;
  let ticking = true;
  const started = performance.now();
  let last = started;
  const tick = () => {
    if (!ticking) return;
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await work();
  const workMs = performance.now() - started;
  ticking = false;
  maxGapMs = Math.max(maxGapMs, performance.now() - last);
  return { value, turns, maxGapMs, workMs };
}
