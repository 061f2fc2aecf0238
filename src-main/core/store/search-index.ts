import type { Statement } from 'better-sqlite3';
import type { HeaderPairs } from '../../contract/common';
import { bodyText, derive, needsLateDerive } from '../capture/derive';
import type { Db } from './database';

interface Pending {
  id: number;
  endpoint_id: string;
  path: string;
  query: string;
  headers: string;
  body: Buffer;
  size: number;
  event_type: string | null;
  event_id: string | null;
}

const RETRY_AFTER_FAILURE_MS = 5000;

/**
 * The background pass over new captures, off the capture path: it fills the full-text
 * index and derives event type/id (and duplicates) of bodies too large to parse while the
 * sender waits. Rows above a watermark are handled in batches; while requests are pouring
 * in, it yields to capture. A search first calls `catchUp()`, so results are never stale
 * however far behind the background work is.
 */
export class SearchIndex {
  private readonly pendingStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly watermarkStmt: Statement;
  private readonly setWatermarkStmt: Statement;
  private readonly indexBatchTx: (rows: Pending[]) => number[];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private capturedSinceTick = 0;
  private failing = false;
  /** Told when a background pass fails (disk full, read-only); it retries later. */
  onError: (err: Error) => void = (err) => console.error(`[hookbay] search indexing paused: ${err.message}`);
  private readonly setDerivedStmt: Statement;
  private readonly firstByEventIdStmt: Statement;
  /** Ids whose derived fields changed in the background, for the UI. */
  onDerived: (ids: number[]) => void = () => {};

  constructor(
    db: Db,
    private readonly batchSize = 500,
    /** Captures per tick above which background indexing waits for a quieter moment. */
    private readonly busyThreshold = 100,
    private readonly tickMs = 100,
  ) {
    this.pendingStmt = db.prepare(
      'SELECT id, endpoint_id, path, query, headers, body, size, event_type, event_id FROM requests WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.setDerivedStmt = db.prepare(
      'UPDATE requests SET event_type = ?, event_id = ?, duplicate_of = ? WHERE id = ?',
    );
    this.firstByEventIdStmt = db
      .prepare('SELECT id FROM requests WHERE endpoint_id = ? AND event_id = ? AND id < ? ORDER BY id LIMIT 1')
      .pluck();
    this.insertStmt = db.prepare('INSERT INTO requests_fts (rowid, path, headers, body) VALUES (?, ?, ?, ?)');
    this.watermarkStmt = db.prepare('SELECT watermark FROM search_state WHERE id = 1').pluck();
    this.setWatermarkStmt = db.prepare('UPDATE search_state SET watermark = ? WHERE id = 1');
    this.indexBatchTx = db.transaction((rows: Pending[]) => {
      const derived: number[] = [];
      for (const row of rows) {
        const headers = JSON.parse(row.headers) as HeaderPairs;
        if (needsLateDerive({ eventType: row.event_type, eventId: row.event_id }, row.size)) {
          const d = derive(headers, row.body);
          if (d.eventType !== row.event_type || d.eventId !== row.event_id) {
            const eventId = row.event_id ?? d.eventId;
            const dup = eventId ? ((this.firstByEventIdStmt.get(row.endpoint_id, eventId, row.id) as number | undefined) ?? null) : null;
            this.setDerivedStmt.run(row.event_type ?? d.eventType, eventId, dup, row.id);
            derived.push(row.id);
          }
        }
        const headerText = headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        const text = bodyText(row.body, headers) ?? '';
        this.insertStmt.run(row.id, row.query ? `${row.path}?${row.query}` : row.path, headerText, text);
      }
      this.setWatermarkStmt.run(rows.at(-1)!.id);
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
    const rows = this.pendingStmt.all(this.watermarkStmt.get() as number, this.batchSize) as Pending[];
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
