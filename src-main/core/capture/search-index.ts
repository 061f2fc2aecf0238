import type { HeaderPairs } from '../../contract/common';
import type { Db } from '../store/database';
import { RequestStore } from '../store/request-store';
import { SearchStore, type UnindexedRow } from '../store/search-store';
import { bodyText, derive, needsLateDerive } from './derive';

const RETRY_AFTER_FAILURE_MS = 5000;
/** Rows per background transaction: small enough not to hold capture up for long. */
export const DEFAULT_BATCH_SIZE = 500;

export interface SearchIndexOptions {
  /** Ids whose derived fields (event type/id, duplicate) changed in the background, for the UI. */
  onDerived?: (ids: number[]) => void;
  /** A background pass failed (disk full, read-only); it retries later. Default: one log line. */
  onError?: (err: Error) => void;
  /** Captures per tick above which background indexing waits for a quieter moment. */
  busyThreshold?: number;
  tickMs?: number;
}

/**
 * The background pass over new captures, off the capture path: it fills the full-text
 * index and derives event type/id (and duplicates) of bodies too large to parse while the
 * sender waits. Rows above a watermark are handled in batches; while requests are pouring
 * in, it yields to capture. A search first calls `catchUp()`, so results are never stale
 * however far behind the background work is.
 */
export class SearchIndex {
  private readonly store: SearchStore;
  /** Its own prepared statements over the same connection. */
  private readonly requests: RequestStore;
  private readonly indexBatchTx: (rows: UnindexedRow[]) => number[];
  private readonly onDerived: (ids: number[]) => void;
  private readonly onError: (err: Error) => void;
  private readonly busyThreshold: number;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private capturedSinceTick = 0;
  private failing = false;

  constructor(
    db: Db,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    options: SearchIndexOptions = {},
  ) {
    this.store = new SearchStore(db);
    this.requests = new RequestStore(db);
    this.onDerived = options.onDerived ?? (() => {});
    this.onError = options.onError ?? ((err) => console.error(`[hookbay] search indexing paused: ${err.message}`));
    this.busyThreshold = options.busyThreshold ?? 100;
    this.tickMs = options.tickMs ?? 100;
    this.indexBatchTx = db.transaction((rows: UnindexedRow[]) => {
      const derived: number[] = [];
      for (const row of rows) {
        const headers = JSON.parse(row.headers) as HeaderPairs;
        if (needsLateDerive({ eventType: row.event_type, eventId: row.event_id }, row.size)) {
          const d = derive(headers, row.body);
          if (d.eventType !== row.event_type || d.eventId !== row.event_id) {
            this.requests.setDerived(row.id, row.endpoint_id, row.event_type ?? d.eventType, row.event_id ?? d.eventId);
            derived.push(row.id);
          }
        }
        const headerText = headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        this.store.insertText(row.id, row.query ? `${row.path}?${row.query}` : row.path, headerText, bodyText(row.body, headers) ?? '');
      }
      this.store.setWatermark(rows.at(-1)!.id);
      return derived;
    });
  }

  /** Called by capture: notes the load and makes sure a background pass is coming. */
  noteCaptured(count: number): void {
    this.capturedSinceTick += count;
    this.schedule();
  }

  /** Asks for a background pass soon; repeated calls while one is scheduled are free. */
  schedule(delayMs = this.tickMs): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const busy = this.capturedSinceTick > this.busyThreshold;
      this.capturedSinceTick = 0;
      if (busy) return this.schedule();
      let indexed: number;
      try {
        indexed = this.indexBatch();
      } catch (err) {
        // A full disk or read-only file must not take the process (and capture) down from
        // a timer: say so once, and try again later; searches catch up when it clears.
        if (!this.failing) this.onError(err as Error);
        this.failing = true;
        return this.schedule(RETRY_AFTER_FAILURE_MS);
      }
      this.failing = false;
      if (indexed === this.batchSize) this.schedule(0);
    }, delayMs);
    this.timer.unref();
  }

  /** Indexes up to one batch; returns how many rows it indexed. */
  indexBatch(): number {
    const rows = this.store.unindexed(this.batchSize);
    if (rows.length === 0) return 0;
    const derived = this.indexBatchTx(rows);
    if (derived.length > 0) this.onDerived(derived);
    return rows.length;
  }

  /** Indexes everything still pending (before a search). */
  catchUp(): void {
    while (this.indexBatch() === this.batchSize) {
      /* keep going */
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
