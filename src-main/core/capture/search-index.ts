import type { HeaderPairs } from '../../contract/common';
import type { Db } from '../store/database';
import { RequestStore } from '../store/request-store';
import { SearchStore, type UnindexedRow } from '../store/search-store';
import { MAX_PARSE_BYTES, derive, needsLateDerive } from './derive';
import { SEARCH_READ_BYTES, bodyText } from './search-text';

const RETRY_AFTER_FAILURE_MS = 5000;
/** Rows per background transaction: small enough not to hold capture up for long. */
export const DEFAULT_BATCH_SIZE = 500;
/**
 * Body bytes read plus text indexed per background transaction, past which it ends (after at
 * least one row): 500 small webhooks fit, but a run of large bodies is split across turns
 * instead of indexing 500 × 256 KiB in one (F9). With one row's own bound (SEARCH_READ_BYTES
 * read, SEARCH_BODY_BYTES indexed, or a late derive's MAX_PARSE_BYTES) this bounds every turn.
 */
export const BATCH_BUDGET_BYTES = 1024 * 1024;

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
  private readonly indexBatchTx: (rows: UnindexedRow[]) => { done: number; derived: number[] };
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
      let spent = 0;
      let done = 0;
      for (const row of rows) {
        if (done > 0 && spent >= BATCH_BUDGET_BYTES) break;
        const headers = JSON.parse(row.headers) as HeaderPairs;
        const late = needsLateDerive({ eventType: row.event_type, eventId: row.event_id }, row.size);
        // A late derive needs its (at most MAX_PARSE_BYTES) body whole; search only a prefix.
        const body = row.body ?? this.store.bodyPrefix(row.id, late ? MAX_PARSE_BYTES : SEARCH_READ_BYTES);
        if (late) {
          const d = derive(headers, body);
          if (d.eventType !== row.event_type || d.eventId !== row.event_id) {
            this.requests.setDerived(row.id, row.endpoint_id, row.event_type ?? d.eventType, row.event_id ?? d.eventId);
            derived.push(row.id);
          }
        }
        const headerText = headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        const text = bodyText(body, headers, row.stored) ?? '';
        this.store.insertText(row.id, row.query ? `${row.path}?${row.query}` : row.path, headerText, text);
        spent += body.length + text.length;
        done++;
      }
      this.store.setWatermark(rows[done - 1]!.id);
      return { done, derived };
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
      if (indexed > 0) this.schedule(0);
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Indexes one batch: up to `batchSize` rows, ended early by BATCH_BUDGET_BYTES. Returns how
   * many rows it indexed (0: nothing was pending).
   */
  indexBatch(): number {
    const rows = this.store.unindexed(this.batchSize);
    if (rows.length === 0) return 0;
    const { done, derived } = this.indexBatchTx(rows);
    if (derived.length > 0) this.onDerived(derived);
    return done;
  }

  /** Indexes everything still pending (before a search). */
  catchUp(): void {
    while (this.indexBatch() > 0) {
      /* keep going */
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
