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
 * and this indexes rows in small batches when the event loop has time. A search first
 * calls `catchUp()`, so results are never stale even while a burst is being indexed.
 */
export class SearchIndex {
  private readonly pendingStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly markStmt: Statement;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly batchSize = 200,
  ) {
    this.pendingStmt = db.prepare(
      'SELECT id, path, query, headers, body FROM requests WHERE indexed = 0 ORDER BY id LIMIT ?',
    );
    this.insertStmt = db.prepare('INSERT INTO requests_fts (rowid, path, headers, body) VALUES (?, ?, ?, ?)');
    this.markStmt = db.prepare('UPDATE requests SET indexed = 1 WHERE id = ?');
  }

  /** Asks for indexing soon; repeated calls while one is scheduled are free. */
  schedule(delayMs = 50): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const done = this.indexBatch();
      if (done === this.batchSize) this.schedule(delayMs);
    }, delayMs);
    this.timer.unref();
  }

  /** Indexes up to one batch; returns how many rows it indexed. */
  indexBatch(): number {
    const rows = this.pendingStmt.all(this.batchSize) as Pending[];
    if (rows.length === 0) return 0;
    this.db.transaction(() => {
      for (const row of rows) {
        const headers = JSON.parse(row.headers) as HeaderPairs;
        const headerText = headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        const text = bodyText(row.body, headers) ?? '';
        this.insertStmt.run(row.id, row.query ? `${row.path}?${row.query}` : row.path, headerText, text);
        this.markStmt.run(row.id);
      }
    })();
    return rows.length;
  }

  /** Indexes everything still pending. */
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
