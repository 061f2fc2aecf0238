import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

interface Combo {
  endpoint_id: string;
  event_type: string | null;
  verification_status: string;
  delivery_state: string;
  method: string;
}

const eventKey = (eventType: string | null): string => (eventType === null ? '' : `=${eventType}`);

/** The counted columns an UPDATE sets, with the values it sets them to. */
export type CountedChange = Partial<Pick<Combo, 'event_type' | 'verification_status' | 'delivery_state'>>;

/** One per connection: the request and delivery stores (and whoever else builds them) share it. */
const perDb = new WeakMap<Db, KeptCounts>();

/**
 * Keeps `endpoint_counts` and `facet_counts` (migration 003) in step with inserts and with
 * updates of the derived columns. Run from the store's own statements, not from triggers: an
 * INSERT or UPDATE trigger measured 2–4x the statement's cost (every statement with a trigger
 * opens a statement journal, and with 32 KiB pages it spills to a file). Deletes keep their
 * triggers: they already open one for the full-text index, and they delete in bulk.
 * Callers run inside the transaction that writes the row.
 *
 * One instance per connection (`KeptCounts.of(db)`), so its statements are prepared once.
 */
export class KeptCounts {
  static of(db: Db): KeptCounts {
    let counts = perDb.get(db);
    if (!counts) {
      counts = new KeptCounts(db);
      perDb.set(db, counts);
    }
    return counts;
  }

  private readonly endpointStmt: Statement;
  private readonly incStmt: Statement;
  private readonly decStmt: Statement;
  private readonly comboStmt: Statement;

  private constructor(db: Db) {
    this.endpointStmt = db.prepare(`UPDATE endpoint_counts SET total = total + 1,
      unread = unread + IFNULL(? > (SELECT read_up_to FROM endpoints WHERE id = ?), 1) WHERE endpoint_id = ?`);
    this.incStmt = db.prepare('INSERT INTO facet_counts VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1');
    this.decStmt = db.prepare(`UPDATE facet_counts SET n = n - 1 WHERE endpoint_id = ? AND event_key = ?
      AND verification_status = ? AND delivery_state = ? AND method = ?`);
    this.comboStmt = db.prepare('SELECT endpoint_id, event_type, verification_status, delivery_state, method FROM requests WHERE id = ?');
  }

  /** A request was inserted (every new row starts with delivery state `none`). */
  inserted(id: number, endpointId: string, eventType: string | null, verificationStatus: string, method: string): void {
    this.endpointStmt.run(id, endpointId, endpointId);
    this.incStmt.run(endpointId, eventKey(eventType), verificationStatus, 'none', method);
  }

  /**
   * Runs `write`, an UPDATE of request `id` that sets the counted columns in `change` to
   * those values (and no other counted column), and moves the request's count. The row after
   * the write is the row before with `change` applied, so it is not read again: every such
   * statement sets plain values by id, and no trigger rewrites these columns.
   */
  updating<T>(id: number, change: CountedChange, write: () => T): T {
    const before = this.comboStmt.get(id) as Combo | undefined;
    const result = write();
    if (!before) return result;
    const after: Combo = { ...before, ...change };
    if (
      before.event_type !== after.event_type ||
      before.verification_status !== after.verification_status ||
      before.delivery_state !== after.delivery_state
    ) {
      this.decStmt.run(before.endpoint_id, eventKey(before.event_type), before.verification_status, before.delivery_state, before.method);
      this.incStmt.run(after.endpoint_id, eventKey(after.event_type), after.verification_status, after.delivery_state, after.method);
    }
    return result;
  }
}
