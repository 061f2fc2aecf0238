import type { QueuedDelivery } from '../store/delivery-store';

/** Binary min-heap; small and local because a dependency for forty lines is not worth it. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * One target's queue. Unordered lanes run the earliest-due deliveries, up to `concurrency`
 * at once. Ordered lanes run one at a time in capture order, and a delivery waiting for
 * its retry holds back the ones behind it — that is what ordering means; a delivery that
 * finally fails stops blocking so one bad event cannot stall a lane forever.
 */
class Lane {
  inFlight = 0;
  readonly heap: MinHeap<QueuedDelivery>;
  constructor(
    public concurrency: number,
    readonly ordered: boolean,
  ) {
    this.heap = ordered
      ? new MinHeap((a, b) => a.id < b.id)
      : new MinHeap((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id));
  }
  get capacity(): number {
    return this.ordered ? 1 : this.concurrency;
  }
}

/**
 * The in-memory view of the outbox while the process runs. SQLite holds the truth (and
 * the dispatcher claims each row there before sending); this only decides what to start
 * next without re-querying the table for every slot that frees up, which keeps draining
 * 10,000 queued deliveries linear.
 */
export class DeliveryQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Latest entry per queued delivery id; older heap entries for the same id are stale. */
  private readonly current = new Map<number, QueuedDelivery>();

  get queued(): number {
    return this.current.size;
  }

  /** Queues a delivery, or moves it if it was queued already (a "retry now"). */
  add(d: QueuedDelivery): void {
    const lane = this.laneFor(d);
    const entry = { ...d };
    this.current.set(d.id, entry);
    lane.heap.push(entry);
  }

  remove(id: number): void {
    this.current.delete(id);
  }

  /** Takes every delivery that may start at `now`; call `finished` for each when its attempt ends. */
  takeDue(now: number): QueuedDelivery[] {
    const out: QueuedDelivery[] = [];
    for (const lane of this.lanes.values()) {
      while (lane.inFlight < lane.capacity) {
        const head = this.head(lane);
        if (!head || head.dueAt > now) break;
        lane.heap.pop();
        this.current.delete(head.id);
        lane.inFlight++;
        out.push(head);
      }
    }
    return out;
  }

  /**
   * Takes a slot in a lane for a delivery that is not queued (a fresh capture), if the lane
   * has room and nothing due is already waiting in it — a new capture never overtakes work
   * that was there first. Pair with `finished`.
   */
  tryReserve(d: Pick<QueuedDelivery, 'lane' | 'ordered' | 'concurrency'>, now: number): boolean {
    const lane = this.laneFor(d);
    if (lane.inFlight >= lane.capacity) return false;
    const head = this.head(lane);
    if (head && (lane.ordered || head.dueAt <= now)) return false;
    lane.inFlight++;
    return true;
  }

  hasDue(now: number): boolean {
    for (const lane of this.lanes.values()) {
      if (lane.inFlight >= lane.capacity) continue;
      const head = this.head(lane);
      if (head && head.dueAt <= now) return true;
    }
    return false;
  }

  finished(d: Pick<QueuedDelivery, 'lane' | 'ordered'>): void {
    const lane = this.lanes.get(laneKey(d));
    if (lane) lane.inFlight = Math.max(0, lane.inFlight - 1);
  }

  /** Earliest time something could start, or null when nothing waits (or all lanes are busy). */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const [key, lane] of this.lanes) {
      const head = this.head(lane);
      if (!head) {
        if (lane.inFlight === 0) this.lanes.delete(key);
        continue;
      }
      if (lane.inFlight >= lane.capacity) continue;
      if (next === null || head.dueAt < next) next = head.dueAt;
    }
    return next;
  }

  private laneFor(d: Pick<QueuedDelivery, 'lane' | 'ordered' | 'concurrency'>): Lane {
    const key = laneKey(d);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Lane(d.concurrency, d.ordered);
      this.lanes.set(key, lane);
    }
    lane.concurrency = d.concurrency;
    return lane;
  }

  private head(lane: Lane): QueuedDelivery | undefined {
    for (;;) {
      const top = lane.heap.peek();
      if (!top || this.current.get(top.id) === top) return top;
      lane.heap.pop();
    }
  }
}

/** Ordered and unordered deliveries to one target never share a lane. */
function laneKey(d: Pick<QueuedDelivery, 'lane' | 'ordered'>): string {
  return `${d.ordered ? 'o' : 'u'} ${d.lane}`;
}
