import type { Statement } from 'better-sqlite3';
import type { HeaderPairs } from '../../contract/common';
import type { Delivery, DeliveryAttempt, DeliveryState } from '../../contract/requests';
import type { Db } from './database';
import { KeptCounts } from './kept-counts';

export type DeliveryRowState = Delivery['state'];

/** What the dispatcher needs to queue a delivery. */
export interface QueuedDelivery {
  id: number;
  requestId: number;
  lane: string;
  concurrency: number;
  ordered: boolean;
  dueAt: number;
}

export interface NewDelivery {
  requestId: number;
  endpointId: string;
  lane: string;
  targetUrl: string;
  concurrency: number;
  ordered: boolean;
  resigned: boolean;
  /** Inserted `in_flight` for its first attempt (see Relay.enqueue). */
  claimed: boolean;
}

/** A delivery claimed for one attempt. */
export interface ClaimedDelivery {
  id: number;
  requestId: number;
  endpointId: string;
  targetUrl: string;
  /** Number of this attempt (1-based, over the delivery's whole history). */
  attempt: number;
  /** Attempts used since the last manual retry, this one included. */
  attemptsInBudget: number;
}

export interface AttemptRecord {
  deliveryId: number;
  attempt: number;
  startedAt: number;
  durationMs: number | null;
  method: string;
  url: string;
  requestHeaders: HeaderPairs;
  bodySize: number;
  status: number | null;
  responseHeaders: HeaderPairs | null;
  responseBody: Buffer | null;
  responseTruncated: boolean;
  errorClass: string | null;
  error: string | null;
}

interface DeliveryRow {
  id: number;
  request_id: number;
  endpoint_id: string;
  lane: string;
  target_url: string;
  concurrency: number;
  ordered: number;
  state: DeliveryRowState;
  attempt_count: number;
  attempt_base: number;
  next_attempt_at: number | null;
  resigned: number;
  created_at: number;
}

interface AttemptRow {
  delivery_id: number;
  attempt: number;
  started_at: number;
  duration_ms: number | null;
  method: string;
  url: string;
  request_headers: string;
  body_size: number;
  status: number | null;
  response_headers: string | null;
  response_body: Buffer | null;
  response_truncated: number;
  error_class: string | null;
  error: string | null;
}

/** The error class of an attempt a process died during (found `in_flight` at the next start). */
export const INTERRUPTED = 'interrupted';

export interface LeftInFlight {
  id: number;
  requestId: number;
  attempt: number;
  url: string;
  startedAt: number;
  method: string;
  /** Earlier `interrupted` attempts since the last manual retry. */
  interruptions: number;
}

const QUEUE_COLUMNS = 'id, request_id AS requestId, lane, concurrency, ordered, next_attempt_at AS dueAt';

/** All SQL over `deliveries` and `delivery_attempts`, prepared once. */
export class DeliveryStore {
  private readonly insertStmt: Statement;
  private readonly claimStmt: Statement;
  private readonly attemptStmt: Statement;
  private readonly settleStmt: Statement;
  private readonly openStmt: Statement;
  private readonly inFlightStmt: Statement;
  private readonly byRequestStmt: Statement;
  private readonly attemptsStmt: Statement;
  private readonly getStmt: Statement;
  private readonly statesStmt: Statement;
  private readonly retryOneStmt: Statement;
  private readonly retryFailedStmt: Statement;
  private readonly idsOfRequestStmt: Statement;
  private readonly lastAttemptStmt: Statement;
  private readonly setRequestStateStmt: Statement;
  /** The request's facet count follows its delivery state (migration 003). */
  private readonly counts: KeptCounts;

  constructor(readonly db: Db) {
    this.counts = KeptCounts.of(db);
    this.insertStmt = db.prepare(`INSERT INTO deliveries (request_id, endpoint_id, lane, target_url, concurrency,
      ordered, state, attempt_count, next_attempt_at, resigned, created_at, updated_at)
      VALUES (@requestId, @endpointId, @lane, @targetUrl, @concurrency, @ordered, @state, @attemptCount, @now, @resigned, @now, @now)`);
    this.claimStmt = db.prepare(`UPDATE deliveries SET state = 'in_flight', attempt_count = attempt_count + 1,
      updated_at = @now WHERE id = @id AND state IN ('pending', 'scheduled')
      RETURNING id, request_id AS requestId, endpoint_id AS endpointId, target_url AS targetUrl,
      attempt_count AS attempt, attempt_count - attempt_base AS attemptsInBudget`);
    this.attemptStmt = db.prepare(`INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, started_at,
      duration_ms, method, url, request_headers, body_size, status, response_headers, response_body,
      response_truncated, error_class, error) VALUES (@deliveryId, @attempt, @startedAt, @durationMs, @method,
      @url, @requestHeaders, @bodySize, @status, @responseHeaders, @responseBody, @responseTruncated,
      @errorClass, @error)`);
    this.settleStmt = db.prepare(`UPDATE deliveries SET state = @state, next_attempt_at = @nextAt, updated_at = @now
      WHERE id = @id AND state = 'in_flight'`);
    this.openStmt = db.prepare(
      `SELECT ${QUEUE_COLUMNS} FROM deliveries WHERE state IN ('pending', 'scheduled') ORDER BY id`,
    );
    // With each row, how often a process already died while sending it since the last
    // manual retry: the relay parks a delivery that keeps killing the process.
    this.inFlightStmt = db.prepare(
      `SELECT d.id, d.request_id AS requestId, d.attempt_count AS attempt, d.target_url AS url,
         d.updated_at AS startedAt, r.method,
         (SELECT COUNT(*) FROM delivery_attempts a WHERE a.delivery_id = d.id
           AND a.error_class = '${INTERRUPTED}' AND a.attempt > d.attempt_base) AS interruptions
       FROM deliveries d JOIN requests r ON r.id = d.request_id WHERE d.state = 'in_flight'`,
    );
    this.byRequestStmt = db.prepare('SELECT * FROM deliveries WHERE request_id = ? ORDER BY id');
    this.attemptsStmt = db.prepare('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt');
    this.getStmt = db.prepare('SELECT * FROM deliveries WHERE id = ?');
    this.statesStmt = db.prepare('SELECT state, attempt_count FROM deliveries WHERE request_id = ?');
    this.retryOneStmt = db.prepare(`UPDATE deliveries SET state = 'pending', next_attempt_at = @now, updated_at = @now,
      attempt_base = CASE WHEN state = 'scheduled' THEN attempt_base ELSE attempt_count END
      WHERE id = @id AND state IN ('failed', 'cancelled', 'scheduled') RETURNING ${QUEUE_COLUMNS}`);
    this.retryFailedStmt = db.prepare(`UPDATE deliveries SET state = 'pending', next_attempt_at = @now, updated_at = @now,
      attempt_base = attempt_count WHERE endpoint_id = @endpointId AND state = 'failed' RETURNING ${QUEUE_COLUMNS}`);
    this.idsOfRequestStmt = db.prepare(`SELECT ${QUEUE_COLUMNS} FROM deliveries WHERE request_id = ? ORDER BY id`);
    // The request row carries a summary of its deliveries for listing and filtering; it is
    // written here, next to the rows it summarises, and only when it actually changes.
    this.setRequestStateStmt = db.prepare(
      'UPDATE requests SET delivery_state = @state WHERE id = @id AND delivery_state <> @state',
    );
    this.lastAttemptStmt = db.prepare(
      'SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt DESC LIMIT 1',
    );
  }

  /** Call inside the capture transaction. */
  insert(d: NewDelivery, now: number): number {
    const { claimed, ...row } = d;
    const info = this.insertStmt.run({
      ...row,
      ordered: d.ordered ? 1 : 0,
      resigned: d.resigned ? 1 : 0,
      state: claimed ? 'in_flight' : 'pending',
      attemptCount: claimed ? 1 : 0,
      now,
    });
    return Number(info.lastInsertRowid);
  }

  /** Marks a queued delivery in flight; null if it is no longer queued (retried, deleted). */
  claim(id: number, now: number): ClaimedDelivery | null {
    return (this.claimStmt.get({ id, now }) as ClaimedDelivery | undefined) ?? null;
  }

  recordAttempt(a: AttemptRecord): void {
    this.attemptStmt.run({
      ...a,
      requestHeaders: JSON.stringify(a.requestHeaders),
      responseHeaders: a.responseHeaders ? JSON.stringify(a.responseHeaders) : null,
      responseTruncated: a.responseTruncated ? 1 : 0,
    });
  }

  /** Ends an attempt: `scheduled` with a due time, or a final state. False if the row is gone. */
  settle(id: number, state: 'scheduled' | 'delivered' | 'failed', nextAt: number | null, now: number): boolean {
    return this.settleStmt.run({ id, state, nextAt, now }).changes > 0;
  }

  /** Everything waiting for an attempt, in capture order. */
  open(): QueuedDelivery[] {
    return (this.openStmt.all() as QueuedRow[]).map(toQueued);
  }

  /** Rows left `in_flight` by a process that died or shut down mid-attempt. */
  inFlight(): LeftInFlight[] {
    return this.inFlightStmt.all() as LeftInFlight[];
  }

  ofRequest(requestId: number): QueuedDelivery[] {
    return (this.idsOfRequestStmt.all(requestId) as QueuedRow[]).map(toQueued);
  }

  retryOne(id: number, now: number): QueuedDelivery | null {
    const row = this.retryOneStmt.get({ id, now }) as QueuedRow | undefined;
    return row ? toQueued(row) : null;
  }

  retryFailed(endpointId: string, now: number): QueuedDelivery[] {
    return (this.retryFailedStmt.all({ endpointId, now }) as QueuedRow[]).map(toQueued);
  }

  get(id: number): Delivery | null {
    const row = this.getStmt.get(id) as DeliveryRow | undefined;
    return row ? this.view(row) : null;
  }

  forRequest(requestId: number): Delivery[] {
    return (this.byRequestStmt.all(requestId) as DeliveryRow[]).map((r) => this.view(r));
  }

  lastAttempt(deliveryId: number): DeliveryAttempt | null {
    const row = this.lastAttemptStmt.get(deliveryId) as AttemptRow | undefined;
    return row ? attemptView(row) : null;
  }

  /**
   * The request-level summary the list shows: work still open is `pending` until an
   * attempt failed, then `retrying`; otherwise any failure wins over success, so a
   * fan-out where one target failed is not shown as delivered.
   */
  requestState(requestId: number): DeliveryState {
    const rows = this.statesStmt.all(requestId) as { state: DeliveryRowState; attempt_count: number }[];
    if (rows.length === 0) return 'none';
    const open = rows.filter((r) => r.state === 'pending' || r.state === 'scheduled' || r.state === 'in_flight');
    if (open.length > 0) {
      // An in-flight row already counts the attempt it is making; it is not a failure yet.
      const failedBefore = open.some((r) => (r.state === 'in_flight' ? r.attempt_count - 1 : r.attempt_count) > 0);
      return failedBefore ? 'retrying' : 'pending';
    }
    if (rows.some((r) => r.state === 'failed')) return 'failed';
    if (rows.some((r) => r.state === 'delivered')) return 'delivered';
    return 'none';
  }

  /** Recomputes a request's summary state; true when it changed. */
  syncRequestState(requestId: number): boolean {
    const state = this.requestState(requestId);
    return this.counts.updating(requestId, { delivery_state: state }, () => this.setRequestStateStmt.run({ id: requestId, state }).changes > 0);
  }

  private view(row: DeliveryRow): Delivery {
    return {
      id: row.id,
      requestId: row.request_id,
      targetUrl: row.target_url,
      state: row.state,
      attempts: (this.attemptsStmt.all(row.id) as AttemptRow[]).map(attemptView),
      nextAttemptAt: row.state === 'scheduled' || row.state === 'pending' ? row.next_attempt_at : null,
      createdAt: row.created_at,
      resigned: row.resigned === 1,
    };
  }
}

type QueuedRow = Omit<QueuedDelivery, 'ordered' | 'dueAt'> & { ordered: number; dueAt: number | null };

function toQueued(r: QueuedRow): QueuedDelivery {
  return { ...r, ordered: r.ordered === 1, dueAt: r.dueAt ?? 0 };
}

function attemptView(a: AttemptRow): DeliveryAttempt {
  return {
    attempt: a.attempt,
    startedAt: a.started_at,
    durationMs: a.duration_ms,
    request: {
      method: a.method,
      url: a.url,
      headers: JSON.parse(a.request_headers) as HeaderPairs,
      bodySize: a.body_size,
    },
    status: a.status,
    responseHeaders: a.response_headers ? (JSON.parse(a.response_headers) as HeaderPairs) : null,
    responseBodyBase64: a.response_body ? a.response_body.toString('base64') : null,
    responseTruncated: a.response_truncated === 1,
    errorClass: a.error_class,
    error: a.error,
  };
}
