/**
 * Long jobs (re-verification, HAR import and its JSON scanning, exports inline, to a file or
 * streamed over HTTP) run in slices of about `SLICE_MS` with the event loop yielded between, so
 * the receiver and health checks answer while they run (issue 11, item 4). One constant for all.
 */
export const SLICE_MS = 25;

export const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** `items.map(fn)` that yields the event loop whenever a slice has taken `SLICE_MS`. */
export async function mapInSlices<T, U>(items: Iterable<T>, fn: (item: T) => U): Promise<U[]> {
  const out: U[] = [];
  let sliceStart = Date.now();
  for (const item of items) {
    out.push(fn(item));
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldTurn();
      sliceStart = Date.now();
    }
  }
  return out;
}
