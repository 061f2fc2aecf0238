import type { Statement } from 'better-sqlite3';
import type { HeaderPairs } from '../../contract/common';
import { bodyText } from '../capture/derive';
import type { Db } from './database';

interface Pending {
  id: number;
  path: string;
  query: string;
  headers: string;
  body: Buffer;
}

/**
 * Fills the full-text index off the capture path: capturing commits the raw row only,
 * and this indexes rows above a watermark in small batches. While requests are pouring
 * in, indexing yields to capture; a search first calls `catchUp()`, so results are never
 * stale however far behind the background work is.
 */
export class SearchIndex {
  private readonly pendingStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly watermarkStmt: Statement;
  private readonly setWatermarkStmt: Statement;
  private readonly indexBatchTx: (rows: Pending[]) => void;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private capturedSinceTick = 0;

  constructor(
    db: Db,
    private readonly batchSize = 500,
    /** Captures per tick above which background indexing waits for a quieter moment. */
    private readonly busyThreshold = 100,
    private readonly tickMs = 100,
  ) {
    this.pendingStmt = db.prepare('SELECT id, path, query, headers, body FROM requests WHERE id > ? ORDER BY id LIMIT ?');
    this.insertStmt = db.prepare('INSERT INTO requests_fts (rowid, path, headers, body) VALUES (?, ?, ?, ?)');
    this.watermarkStmt = db.prepare('SELECT watermark FROM search_state WHERE id = 1').pluck();
    this.setWatermarkStmt = db.prepare('UPDATE search_state SET watermark = ? WHERE id = 1');
    this.indexBatchTx = db.transaction((rows: Pending[]) => {
      for (const row of rows) {
        const headers = JSON.parse(row.headers) as HeaderPairs;
        const headerText = headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        const text = bodyText(row.body, headers) ?? '';
        this.insertStmt.run(row.id, row.query ? `${row.path}?${row.query}` : row.path, headerText, text);
      }
      this.setWatermarkStmt.run(rows.at(-1)!.id);
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
      if (this.indexBatch() === this.batchSize) this.schedule(0);
    }, delayMs);
    this.timer.unref();
  }

  /** Indexes up to one batch; returns how many rows it indexed. */
  indexBatch(): number {
    const rows = this.pendingStmt.all(this.watermarkStmt.get() as number, this.batchSize) as Pending[];
    if (rows.length > 0) this.indexBatchTx(rows);
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
