import type { Statement } from 'better-sqlite3';
import type { HeaderPairs } from '../../contract/common';
import type { DeliveryState, Facets, RequestFilter, RequestSummary } from '../../contract/requests';
import type { Verification } from '../../contract/verification';
import type { Db } from './database';
import { FacetStore } from './facet-store';
import { KeptCounts } from './kept-counts';
import { filterSql, ftsQuery } from './filter-sql';
import { SUMMARY_COLUMNS, toSummary, type CapturedRequest, type RequestRow, type StoredRequest } from './rows';

export interface RequestWithBody extends RequestSummary {
  headers: HeaderPairs;
  body: Buffer;
  remoteAddress: string | null;
  verification: Verification | null;
}

/**
 * All SQL over `requests`, prepared once. Filtered queries vary in shape, so they are
 * prepared on first use and cached by their text.
 */
export class RequestStore {
  private readonly insertStmt: Statement;
  private readonly firstByEventIdStmt: Statement;
  private readonly setDerivedStmt: Statement;
  private readonly getStmt: Statement;
  private readonly getSummaryStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly clearStmt: Statement;
  private readonly setVerificationStmt: Statement;
  private readonly setDeliveryStateStmt: Statement;
  private readonly validSinceStmt: Statement;
  private readonly filtered = new Map<string, Statement>();
  private readonly facetStore: FacetStore;
  private readonly counts: KeptCounts;

  constructor(private readonly db: Db) {
    this.facetStore = new FacetStore(db);
    this.counts = KeptCounts.of(db);
    // Positional parameters: binding an object by name costs ~2 µs more per capture.
    this.insertStmt = db.prepare(`INSERT INTO requests (endpoint_id, method, path, query, headers, body, size,
      truncated, remote_address, received_at, via, content_type, event_type, event_id, duplicate_of, error,
      replay_of, verification, verification_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.firstByEventIdStmt = db
      .prepare('SELECT id FROM requests WHERE endpoint_id = ? AND event_id = ? AND id < ? ORDER BY id LIMIT 1')
      .pluck();
    this.setDerivedStmt = db.prepare('UPDATE requests SET event_type = ?, event_id = ?, duplicate_of = ? WHERE id = ?');
    this.getStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS}, r.headers, r.body, r.remote_address, r.verification
      FROM requests r JOIN endpoints e ON e.id = r.endpoint_id WHERE r.id = ?`);
    this.getSummaryStmt = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM requests r JOIN endpoints e ON e.id = r.endpoint_id WHERE r.id = ?`,
    );
    this.deleteStmt = db.prepare('DELETE FROM requests WHERE id = ?');
    this.clearStmt = db.prepare('DELETE FROM requests WHERE endpoint_id = ?');
    this.setVerificationStmt = db.prepare(
      'UPDATE requests SET verification = ?, verification_status = ? WHERE id = ?',
    );
    this.setDeliveryStateStmt = db.prepare('UPDATE requests SET delivery_state = ? WHERE id = ?');
    // Only what a sender signed counts as evidence about the secret: Hookbay signs replays and test events itself.
    this.validSinceStmt = db
      .prepare(
        "SELECT COUNT(*) FROM requests WHERE endpoint_id = ? AND verification_status = 'valid' AND received_at >= ? AND received_at <= ? AND via IN ('direct', 'tunnel', 'import')",
      )
      .pluck();
  }

  /**
   * Inserts one request and counts it; call inside a transaction (the capture writer batches
   * them), so the row and its counts commit together. The only INSERT INTO requests.
   */
  insert(req: CapturedRequest): StoredRequest {
    const duplicateOf = this.duplicateOf(req.endpointId, req.eventId, Number.MAX_SAFE_INTEGER);
    const verificationStatus = req.verification?.status ?? 'unverified';
    const info = this.insertStmt.run(
      req.endpointId,
      req.method,
      req.path,
      req.query,
      JSON.stringify(req.headers),
      req.body,
      req.size,
      req.truncated ? 1 : 0,
      req.remoteAddress,
      req.receivedAt,
      req.via,
      req.contentType,
      req.eventType,
      req.eventId,
      duplicateOf,
      req.error,
      req.replayOf,
      req.verification ? JSON.stringify(req.verification) : null,
      verificationStatus,
    );
    const id = Number(info.lastInsertRowid);
    this.counts.inserted(id, req.endpointId, req.eventType, verificationStatus, req.method);
    return { ...req, id, duplicateOf, verificationStatus, deliveryState: 'none' };
  }

  /**
   * Sets event type and id derived after the insert (bodies too large to parse while the
   * sender waited), and what the request duplicates by that id.
   */
  setDerived(id: number, endpointId: string, eventType: string | null, eventId: string | null): void {
    const duplicateOf = this.duplicateOf(endpointId, eventId, id);
    this.counts.updating(id, { event_type: eventType }, () => this.setDerivedStmt.run(eventType, eventId, duplicateOf, id));
  }

  /** A request duplicates the endpoint's first earlier request with the same event id. */
  private duplicateOf(endpointId: string, eventId: string | null, beforeId: number): number | null {
    if (eventId === null) return null;
    return (this.firstByEventIdStmt.get(endpointId, eventId, beforeId) as number | undefined) ?? null;
  }

  get(id: number): RequestWithBody | null {
    const row = this.getStmt.get(id) as RequestRow | undefined;
    if (!row) return null;
    return {
      ...toSummary(row),
      headers: JSON.parse(row.headers!) as HeaderPairs,
      body: row.body!,
      remoteAddress: row.remote_address ?? null,
      verification: row.verification ? (JSON.parse(row.verification) as Verification) : null,
    };
  }

  summary(id: number): RequestSummary | null {
    const row = this.getSummaryStmt.get(id) as RequestRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** Newest first; `beforeId` is the keyset cursor (exclusive). */
  list(filter: RequestFilter & { endpointId?: string | null }, limit: number, beforeId?: number): RequestSummary[] {
    const match = filter.q ? ftsQuery(filter.q) : null;
    let sql: string;
    let params: Record<string, string | number>;
    if (match) {
      // Full-text: walk the index newest first and stop at the page, instead of collecting
      // every match and sorting (`id IN (…MATCH…)`): a common word in a million requests
      // took ~100 ms that way; an exact word now costs the page, a prefix a few ms.
      const rest = filterSql(filter, { textMatchedByIndex: true });
      params = { ...rest.params, q: match };
      const cursor = beforeId !== undefined ? 'AND requests_fts.rowid < @beforeId' : '';
      sql = `SELECT ${SUMMARY_COLUMNS} FROM requests_fts JOIN requests r ON r.id = requests_fts.rowid
        JOIN endpoints e ON e.id = r.endpoint_id
        WHERE requests_fts MATCH @q AND ${rest.where} ${cursor} ORDER BY requests_fts.rowid DESC LIMIT @limit`;
    } else {
      const f = filterSql(filter);
      params = f.params;
      const cursor = beforeId !== undefined ? 'AND r.id < @beforeId' : '';
      sql = `SELECT ${SUMMARY_COLUMNS} FROM requests r JOIN endpoints e ON e.id = r.endpoint_id
        WHERE ${f.where} ${cursor} ORDER BY r.id DESC LIMIT @limit`;
    }
    const rows = this.statement(sql).all({ ...params, limit, ...(beforeId !== undefined ? { beforeId } : {}) });
    return (rows as RequestRow[]).map(toSummary);
  }

  /** Ids matching a filter, newest first (bulk replay, export). */
  ids(filter: RequestFilter & { endpointId?: string | null }, limit: number): number[] {
    const { where, params } = filterSql(filter);
    const sql = `SELECT r.id FROM requests r WHERE ${where} ORDER BY r.id DESC LIMIT @limit`;
    return (this.statement(sql).all({ ...params, limit }) as { id: number }[]).map((r) => r.id);
  }

  /** Facet counts in bounded time: kept counters, or a budgeted scan (see FacetStore). */
  facets(filter: RequestFilter & { endpointId?: string | null }): Facets {
    return this.facetStore.facets(filter);
  }

  delete(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  /**
   * Deletes `ids` from `from` on, in one transaction, until `budgetMs` has passed; pushes the
   * ids it deleted to `deleted` and returns where it stopped. One commit for many rows: a
   * commit per row (an fsync each) made 4,400 ids cost ~1 s.
   */
  readonly deleteSome = (ids: readonly number[], from: number, budgetMs: number, deleted: number[]): number =>
    this.db.transaction(() => {
      const started = Date.now();
      let i = from;
      while (i < ids.length) {
        const id = ids[i++]!;
        if (this.deleteStmt.run(id).changes > 0) deleted.push(id);
        if (Date.now() - started > budgetMs) break;
      }
      return i;
    })();

  clearEndpoint(endpointId: string): number {
    return this.clearStmt.run(endpointId).changes;
  }

  setVerification(id: number, v: Verification): void {
    this.counts.updating(id, { verification_status: v.status }, () => this.setVerificationStmt.run(JSON.stringify(v), v.status, id));
  }

  /** How many captures of the endpoint verified between `since` and `until` (ms epoch). */
  countValidBetween(endpointId: string, since: number, until: number): number {
    return this.validSinceStmt.get(endpointId, since, until) as number;
  }

  setDeliveryState(id: number, state: DeliveryState): void {
    this.counts.updating(id, { delivery_state: state }, () => this.setDeliveryStateStmt.run(state, id));
  }

  private statement(sql: string): Statement {
    let stmt = this.filtered.get(sql);
    if (!stmt) {
      if (this.filtered.size > 500) this.filtered.clear();
      stmt = this.db.prepare(sql);
      this.filtered.set(sql, stmt);
    }
    return stmt;
  }
}
