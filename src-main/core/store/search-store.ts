import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** A stored request the full-text index has not seen yet; its body is read apart, and only as far as needed. */
export interface UnindexedRow {
  id: number;
  endpoint_id: string;
  path: string;
  query: string;
  headers: string;
  size: number;
  /** The body when it is small (INLINE_BODY_BYTES at most), else null: read it with bodyPrefix. */
  body: Buffer | null;
  /** Bytes of the stored body (SQLite reads a BLOB's length without its content). */
  stored: number;
  event_type: string | null;
  event_id: string | null;
}

/**
 * Bodies up to this size come with their row (one statement per batch, as webhooks mostly
 * are); larger ones are read one by one and only as far as needed. 500 rows × 16 KiB bounds
 * what one batch's first read copies.
 */
const INLINE_BODY_BYTES = 16 * 1024;

/** The SQL of the full-text index: rows above the watermark, their text, the watermark. */
export class SearchStore {
  private readonly pendingStmt: Statement;
  private readonly bodyPrefixStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly watermarkStmt: Statement;
  private readonly setWatermarkStmt: Statement;

  constructor(db: Db) {
    this.pendingStmt = db.prepare(
      // CASE reads the BLOB only when its length (known without reading it) is small.
      `SELECT id, endpoint_id, path, query, headers, size, length(body) AS stored,
         CASE WHEN length(body) <= ${INLINE_BODY_BYTES} THEN body END AS body, event_type, event_id
       FROM requests WHERE id > ? ORDER BY id LIMIT ?`,
    );
    // Never a whole 10 MiB body into JavaScript for a search prefix of it.
    this.bodyPrefixStmt = db.prepare('SELECT substr(body, 1, ?) FROM requests WHERE id = ?').pluck();
    this.insertStmt = db.prepare('INSERT INTO requests_fts (rowid, path, headers, body) VALUES (?, ?, ?, ?)');
    this.watermarkStmt = db.prepare('SELECT watermark FROM search_state WHERE id = 1').pluck();
    this.setWatermarkStmt = db.prepare('UPDATE search_state SET watermark = ? WHERE id = 1');
  }

  /** Up to `limit` rows above the watermark, oldest first, with their bodies only if small. */
  unindexed(limit: number): UnindexedRow[] {
    return this.pendingStmt.all(this.watermarkStmt.get() as number, limit) as UnindexedRow[];
  }

  /** The first `bytes` bytes of a stored body (empty if the row is gone). */
  bodyPrefix(id: number, bytes: number): Buffer {
    const v = this.bodyPrefixStmt.get(bytes, id) as Buffer | string | null | undefined;
    // substr of an empty BLOB can come back as text; either way there is nothing to index.
    return Buffer.isBuffer(v) ? v : Buffer.alloc(0);
  }

  insertText(id: number, target: string, headerText: string, bodyText: string): void {
    this.insertStmt.run(id, target, headerText, bodyText);
  }

  setWatermark(id: number): void {
    this.setWatermarkStmt.run(id);
  }
}
