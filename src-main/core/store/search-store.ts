import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** A stored request the full-text index has not seen yet. */
export interface UnindexedRow {
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

/** The SQL of the full-text index: rows above the watermark, their text, the watermark. */
export class SearchStore {
  private readonly pendingStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly watermarkStmt: Statement;
  private readonly setWatermarkStmt: Statement;

  constructor(db: Db) {
    this.pendingStmt = db.prepare(
      'SELECT id, endpoint_id, path, query, headers, body, size, event_type, event_id FROM requests WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.insertStmt = db.prepare('INSERT INTO requests_fts (rowid, path, headers, body) VALUES (?, ?, ?, ?)');
    this.watermarkStmt = db.prepare('SELECT watermark FROM search_state WHERE id = 1').pluck();
    this.setWatermarkStmt = db.prepare('UPDATE search_state SET watermark = ? WHERE id = 1');
  }

  /** Up to `limit` rows above the watermark, oldest first. */
  unindexed(limit: number): UnindexedRow[] {
    return this.pendingStmt.all(this.watermarkStmt.get() as number, limit) as UnindexedRow[];
  }

  insertText(id: number, target: string, headerText: string, bodyText: string): void {
    this.insertStmt.run(id, target, headerText, bodyText);
  }

  setWatermark(id: number): void {
    this.setWatermarkStmt.run(id);
  }
}
