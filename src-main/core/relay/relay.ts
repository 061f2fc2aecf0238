import type { Delivery } from '../../contract/requests';
import type { CaptureHook } from '../capture/capture-writer';
import { respondFromConfig, type Responder } from '../capture/receiver';
import type { Db } from '../store/database';
import type { EndpointRecord, EndpointStore } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import type { StoredRequest } from '../store/rows';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryStore, INTERRUPTED, type ClaimedDelivery, type LeftInFlight, type QueuedDelivery } from '../store/delivery-store';
import { endpointTargets, isForwardable, type ForwardPlan } from './forward-plan';
import { hopsOf, loopMessage, MAX_HOPS } from './loop-guard';
import { outgoingHeaders } from './outgoing-headers';
import { ResponseWaiters } from './response-waiter';
import { verdictFor, type Verdict } from './retry-schedule';
import { sendAttempt, type AttemptResult, type OutgoingRequest } from './send-attempt';

/** What a capture write carries to the relay: a replay's own targets instead of the endpoint's. */
export interface ForwardContext {
  plan?: ForwardPlan;
}

/** What a delivery is sent from: a stored request row, or the capture just committed. */
type OutgoingSource = Pick<StoredRequest, 'id' | 'method' | 'headers' | 'body' | 'remoteAddress' | 'via'>;

interface Enqueued {
  q: QueuedDelivery;
  /** Set when the delivery was inserted already claimed for its first attempt. */
  claimed: ClaimedDelivery | null;
  endpoint: EndpointRecord;
}

/**
 * An attempt as recorded: what `sendAttempt` returned, or an outcome the relay decided
 * without sending, with a class of its own (`loop`).
 */
type RecordedAttempt = Omit<AttemptResult, 'errorClass'> & { errorClass: AttemptResult['errorClass'] | 'loop' | 'internal' };

interface Settlement {
  q: QueuedDelivery;
  claimed: ClaimedDelivery;
  outgoing: OutgoingRequest;
  result: RecordedAttempt;
  verdict: Verdict;
  now: number;
}

/** A delivery a process died sending this many times is parked as failed, not sent again. */
export const MAX_INTERRUPTIONS = 2;

/** How long deliveries wait before being claimed again after a failed claim (disk full). */
const STORAGE_RETRY_MS = 5_000;

/** Response bytes kept per attempt in the history; the sender in `wait` mode gets up to 1 MiB. */
export const KEPT_RESPONSE_BYTES = 64 * 1024;
const PASSED_BACK_BYTES = 1024 * 1024;

export interface RelayOptions {
  /** Called after a delivery changed state or got an attempt. */
  onDeliveryChanged?: (deliveryId: number, requestId: number) => void;
  /** Called after a request's summary delivery state changed. */
  onRequestStateChanged?: (requestId: number) => void;
  /** Called when outcomes could not be written (disk full, I/O error). */
  onError?: (err: Error) => void;
  /** Called with deliveries parked at start because processes kept dying while sending them. */
  onParked?: (deliveryIds: number[]) => void;
  onPausedChanged?: (paused: boolean) => void;
  random?: () => number;
}

/**
 * Forwards captured requests to their targets with a durable retry queue.
 *
 * Delivery guarantee: at least once per (request, target). A delivery is inserted with
 * its request, claimed (`in_flight`) in SQLite before each attempt, and its outcome is
 * committed before the delivery can be attempted again. After a crash only rows still `in_flight` are
 * sent again — their outcome was never recorded, so the target may or may not have seen
 * them. A delivery whose answer was recorded is never sent again unless a user asks.
 */
export class Relay {
  private readonly store: DeliveryStore;
  private readonly queue = new DeliveryQueue();
  private readonly waiters = new ResponseWaiters();
  private readonly inFlight = new Map<number, AbortController>();
  /** Deliveries inserted by the transaction in progress, started or queued once it commits. */
  private uncommitted = new Map<number, Enqueued[]>();
  /** Finished attempts waiting for the next group commit. */
  private settlements: Settlement[] = [];
  private flushScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private pumpScheduled = false;
  private started = false;
  private running = false;
  private closed = false;
  private readonly random: () => number;

  constructor(
    db: Db,
    private readonly requests: RequestStore,
    private readonly endpoints: EndpointStore,
    private readonly options: RelayOptions = {},
  ) {
    this.store = new DeliveryStore(db);
    this.random = options.random ?? Math.random;
  }

  /**
   * Hooks into capture: deliveries are written in the request's own transaction. Replays
   * come through the writer too, with their plan in the write's context.
   */
  get captureHook(): CaptureHook<ForwardContext> {
    return {
      inserted: (stored, endpoint, context) => this.enqueue(stored, endpoint, context?.plan ?? null),
      committed: (stored) => {
        const pending = this.uncommitted;
        this.uncommitted = new Map();
        for (const s of stored) {
          for (const e of pending.get(s.id) ?? []) {
            if (!e.claimed) this.queue.add(e.q);
            else if (!this.closed) this.trySend(e.q, e.claimed, s, e.endpoint);
            // Closed in between: the row stays in_flight and the next start resends it.
            else this.queue.finished(e.q);
          }
          pending.delete(s.id);
        }
        // Left over: requests of a batch that rolled back. Give their lane slots back.
        for (const entries of pending.values()) this.release(entries);
        this.pump();
      },
    };
  }

  /** Answers senders of `wait`-mode endpoints with the first target's response. */
  get responder(): Responder {
    return async (stored, endpoint) => {
      if (endpoint.responseMode.mode !== 'wait') return respondFromConfig(stored, endpoint);
      const answer = await this.waiters.wait(stored.id, endpoint.responseMode.timeoutMs);
      return answer ?? respondFromConfig(stored, endpoint);
    };
  }

  /**
   * Resumes the outbox: attempts a previous process left in flight are recorded as
   * `interrupted` (and parked when that happened before, see `recordDeaths`); everything
   * pending or scheduled is queued at its time. `paused` (`hookbay serve --safe`) queues
   * but sends nothing until `resume()`.
   */
  start(options: { paused?: boolean } = {}): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.recordDeaths();
    for (const d of this.store.open()) this.queue.add(d);
    if (options.paused) return;
    // Running from the start is not a change anyone is told about (resume() is).
    this.running = true;
    this.schedulePump();
  }

  /** Starts sending (again). Captures made while paused were queued and go out now. */
  resume(): void {
    if (!this.started || this.running || this.closed) return;
    this.running = true;
    this.schedulePump();
    this.options.onPausedChanged?.(false);
  }

  /**
   * Stops starting attempts; captures still get their deliveries, queued. Attempts already
   * in flight finish and are recorded.
   */
  pause(): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    this.options.onPausedChanged?.(true);
  }

  get paused(): boolean {
    return !this.running;
  }

  /** Stops sending. Attempts in flight are aborted and recorded so the next start resends them. */
  close(): void {
    if (this.closed) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.flushSettlements();
    this.closed = true;
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
    this.waiters.clear();
    // An orderly shutdown is not the delivery's fault: rescheduled, never counted towards parking.
    // A relay that never started (a one-shot CLI command reading the data) has nothing in
    // flight: the rows in flight are another process's, not its to mark interrupted.
    if (this.started) this.interruptInFlight(this.store.inFlight(), 'shutdown', 'Hookbay shut down during this attempt; it is sent again on the next start.');
  }

  /** Deliveries queued, in flight, or finished but not yet committed. */
  get pending(): number {
    return this.queue.queued + this.inFlight.size + this.settlements.length;
  }

  deliveriesOf(requestId: number): Delivery[] {
    return this.store.forRequest(requestId);
  }

  delivery(deliveryId: number): Delivery | null {
    return this.store.get(deliveryId);
  }

  /** Retries one delivery now: a failed one with a fresh attempt budget, a scheduled one early. */
  retry(deliveryId: number): Delivery | null {
    const q = this.store.retryOne(deliveryId, Date.now());
    if (!q) return null;
    this.admit([q]);
    return this.store.get(deliveryId);
  }

  /** Retries every failed delivery of an endpoint; returns how many. */
  retryFailed(endpointId: string): number {
    const rows = this.store.db.transaction(() => this.store.retryFailed(endpointId, Date.now()))();
    this.admit(rows);
    return rows.length;
  }

  private admit(rows: QueuedDelivery[]): void {
    const requestIds = new Set<number>();
    for (const q of rows) {
      this.queue.add(q);
      requestIds.add(q.requestId);
      this.options.onDeliveryChanged?.(q.id, q.requestId);
    }
    // One transaction, announced after (as flushSettlements does): outside one, each request's
    // state was its own commit, an fsync each, so "retry failed" of thousands of requests held
    // the event loop (the class of F12 in docs/fuzzing.md).
    const changed: number[] = [];
    this.store.db.transaction(() => {
      for (const id of requestIds) if (this.store.syncRequestState(id)) changed.push(id);
    })();
    for (const id of changed) this.options.onRequestStateChanged?.(id);
    this.schedulePump();
  }

  /**
   * Inserts a capture's deliveries. When a target's lane has a free slot and nothing older
   * waits in it, the delivery is inserted already claimed for its first attempt, which is
   * sent as soon as the capture commits: the common case costs no commit of its own.
   */
  private enqueue(stored: StoredRequest, endpoint: EndpointRecord, plan: ForwardPlan | null): void {
    if (!plan && !isForwardable(stored)) return;
    const targets = plan ? plan.targets : endpointTargets(stored, endpoint);
    if (targets.length === 0) return;
    const now = Date.now();
    const entries: Enqueued[] = [];
    for (const t of targets) {
      const lane = { lane: t.lane, concurrency: t.concurrency, ordered: t.ordered };
      const claim = this.running && this.queue.tryReserve(lane, now);
      const id = this.store.insert(
        {
          requestId: stored.id,
          endpointId: endpoint.id,
          targetUrl: t.url,
          resigned: plan?.resigned ?? false,
          claimed: claim,
          ...lane,
        },
        now,
      );
      const q: QueuedDelivery = { id, requestId: stored.id, dueAt: now, ...lane };
      const claimed: ClaimedDelivery | null = claim
        ? { id, requestId: stored.id, endpointId: endpoint.id, targetUrl: t.url, attempt: 1, attemptsInBudget: 1 }
        : null;
      entries.push({ q, claimed, endpoint });
    }
    if (plan) plan.deliveryIds = entries.map((e) => e.q.id);
    // A batch that failed is rewritten one by one and may reuse request ids: replace, and
    // give back the lane slots the rolled-back attempt had reserved.
    this.release(this.uncommitted.get(stored.id) ?? []);
    this.uncommitted.set(stored.id, entries);
    this.requests.setDeliveryState(stored.id, 'pending');
    if (!plan && endpoint.responseMode.mode === 'wait') {
      this.waiters.register(stored.id, entries[0]!.q.id, endpoint.responseMode.timeoutMs);
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled || !this.running) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Starts everything due. `first` runs in the same transaction as the claims, so a batch
   * of finished attempts and the next batch of claims cost one commit, not two.
   */
  private pump(first?: () => void): void {
    if (!this.running) return;
    const now = Date.now();
    let due: QueuedDelivery[] = [];
    let claimed: (ClaimedDelivery | null)[] = [];
    const claimDue = () => {
      first?.();
      due = this.queue.takeDue(now);
      claimed = due.map((q) => this.store.claim(q.id, now));
    };
    try {
      if (first || this.queue.hasDue(now)) this.store.db.transaction(claimDue)();
    } catch (err) {
      // The claims rolled back (disk full, I/O error): nothing was sent. Put what was taken
      // back in its lane a little later, and say so, rather than throw from a timer.
      for (const q of due) {
        this.queue.finished(q);
        this.queue.add({ ...q, dueAt: now + STORAGE_RETRY_MS });
      }
      due = [];
      if (first) throw err; // flushSettlements reports its own batch
      this.options.onError?.(err as Error);
    }
    due.forEach((q, i) => this.attempt(q, claimed[i] ?? null));
    const next = this.queue.nextDueAt();
    if (next === null) return;
    if (this.timer && this.timerAt <= next) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, next - Date.now()));
    // The receiver keeps a server process alive; a queued retry alone should not.
    this.timer.unref();
  }

  private release(entries: Enqueued[]): void {
    for (const e of entries) if (e.claimed) this.queue.finished(e.q);
  }

  private attempt(q: QueuedDelivery, claimed: ClaimedDelivery | null): void {
    const req = claimed ? this.requests.get(claimed.requestId) : null;
    const endpoint = claimed ? this.endpoints.byIdOrSlug(claimed.endpointId) : undefined;
    if (!claimed || !req || !endpoint) {
      this.queue.finished(q);
      return;
    }
    this.trySend(q, claimed, req, endpoint);
  }

  /**
   * `send` guarded: whatever it throws synchronously (a target it cannot build a request
   * for, a bug) becomes a recorded, final attempt of class `internal` instead of an
   * exception on a timer that kills the process — and, since the row is `in_flight`, kills
   * it again at every start.
   */
  private trySend(q: QueuedDelivery, claimed: ClaimedDelivery, req: OutgoingSource, endpoint: EndpointRecord): void {
    try {
      this.send(q, claimed, req, endpoint);
    } catch (err) {
      this.inFlight.delete(q.id);
      const now = Date.now();
      const outgoing = { method: req.method, url: claimed.targetUrl, headers: [], body: req.body };
      const failed: RecordedAttempt = {
        startedAt: now,
        durationMs: 0,
        status: null,
        responseHeaders: null,
        responseBody: null,
        responseTruncated: false,
        errorClass: 'internal',
        error: `Not sent: ${(err as Error).message ?? String(err)}`,
      };
      this.settle(q, claimed, endpoint, outgoing, failed, this.waiters.wants(req.id, q.id));
    }
  }

  private send(q: QueuedDelivery, claimed: ClaimedDelivery, req: OutgoingSource, endpoint: EndpointRecord): void {
    const headers = outgoingHeaders(req.headers, hostOf(claimed.targetUrl), req.body.length, {
      remoteAddress: req.remoteAddress,
      proto: req.via === 'tunnel' ? 'https' : 'http',
    });
    const passBack = this.waiters.wants(req.id, q.id);
    const controller = new AbortController();
    this.inFlight.set(q.id, controller);
    this.options.onDeliveryChanged?.(q.id, req.id);
    const outgoing = { method: req.method, url: claimed.targetUrl, headers, body: req.body };
    const hops = hopsOf(req.headers);
    if (hops >= MAX_HOPS) {
      // A forwarding loop: record why and send nothing; retrying would only loop again.
      this.inFlight.delete(q.id);
      const now = Date.now();
      const refused: RecordedAttempt = {
        startedAt: now,
        durationMs: 0,
        status: null,
        responseHeaders: null,
        responseBody: null,
        responseTruncated: false,
        errorClass: 'loop',
        error: loopMessage(hops),
      };
      this.settle(q, claimed, endpoint, outgoing, refused, passBack);
      return;
    }
    // sendAttempt never rejects: every failure is an AttemptResult, recorded by settle().
    void sendAttempt(outgoing, {
      timeoutMs: endpoint.retry.timeoutMs,
      keepBytes: passBack ? PASSED_BACK_BYTES : KEPT_RESPONSE_BYTES,
      signal: controller.signal,
    }).then((result) => {
      if (this.closed) return;
      this.inFlight.delete(q.id);
      this.settle(q, claimed, endpoint, outgoing, result, passBack);
    });
  }

  private settle(
    q: QueuedDelivery,
    claimed: ClaimedDelivery,
    endpoint: EndpointRecord,
    outgoing: OutgoingRequest,
    result: RecordedAttempt,
    passBack: boolean,
  ): void {
    const now = Date.now();
    const retryAfter = result.responseHeaders?.find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
    const verdict: Verdict =
      // Neither would go differently a second time.
      result.errorClass === 'loop' || result.errorClass === 'internal'
        ? { kind: 'failed' }
        : verdictFor(endpoint.retry, { status: result.status, retryAfter, errorClass: result.errorClass }, claimed.attemptsInBudget, now, this.random);
    if (passBack) {
      // The sender is waiting: answer it now, not after the next commit.
      this.waiters.answered(claimed.requestId, result.responseTruncated ? { ...result, status: null } : result, result.responseBody);
    }
    this.settlements.push({ q, claimed, outgoing, result, verdict, now });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushSettlements());
  }

  /**
   * Group commit of finished attempts, like the capture writer's: everything that finished
   * in one event-loop turn is recorded in one transaction. A crash before the commit leaves
   * those rows `in_flight`, which resume treats as "outcome unknown" — the same at-least-once
   * window that exists anyway between the target answering and the commit.
   */
  private flushSettlements(): void {
    this.flushScheduled = false;
    const batch = this.settlements;
    this.settlements = [];
    if (batch.length === 0 || this.closed) return;
    const changedRequests: number[] = [];
    let lanesFreed = false;
    const record = () => {
      const requestIds = new Set<number>();
      for (const s of batch) {
        if (this.recordSettlement(s)) requestIds.add(s.claimed.requestId);
      }
      for (const id of requestIds) if (this.store.syncRequestState(id)) changedRequests.push(id);
      for (const { q, verdict, now } of batch) {
        this.queue.finished(q);
        if (verdict.kind === 'retry') this.queue.add({ ...q, dueAt: now + verdict.delayMs });
      }
      lanesFreed = true;
    };
    try {
      if (this.running) this.pump(record);
      else this.store.db.transaction(record)();
    } catch (err) {
      // The disk is full or failing: these outcomes are lost and their rows stay in_flight,
      // so the next start sends them again (at-least-once). Free the lanes so the rest of
      // the queue is not wedged, and say so.
      if (!lanesFreed) for (const { q } of batch) this.queue.finished(q);
      this.options.onError?.(err as Error);
      return;
    }
    for (const { q, claimed } of batch) this.options.onDeliveryChanged?.(q.id, claimed.requestId);
    for (const id of changedRequests) this.options.onRequestStateChanged?.(id);
  }

  /** False when the delivery is gone (its request was deleted while the attempt ran). */
  private recordSettlement({ q, claimed, outgoing, result, verdict, now }: Settlement): boolean {
    const state = verdict.kind === 'retry' ? 'scheduled' : verdict.kind;
    if (!this.store.settle(q.id, state, verdict.kind === 'retry' ? now + verdict.delayMs : null, now)) return false;
    const kept =
      result.responseBody && result.responseBody.length > KEPT_RESPONSE_BYTES
        ? result.responseBody.subarray(0, KEPT_RESPONSE_BYTES)
        : result.responseBody;
    this.store.recordAttempt({
      deliveryId: q.id,
      attempt: claimed.attempt,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      method: outgoing.method,
      url: outgoing.url,
      requestHeaders: outgoing.headers,
      bodySize: outgoing.body.length,
      status: result.status,
      responseHeaders: result.responseHeaders,
      responseBody: kept,
      responseTruncated: result.responseTruncated || kept !== result.responseBody,
      errorClass: result.errorClass,
      error: result.error,
    });
    return true;
  }

  /**
   * Rows still `in_flight` at start belong to a process that died mid-attempt. Perhaps
   * the delivery itself killed it: sending it again at once would crash every start. So
   * each is recorded as `interrupted` and sent again, but a delivery interrupted
   * `MAX_INTERRUPTIONS` times is parked as failed instead (SQS's maxReceiveCount rule),
   * until someone retries it by hand.
   */
  private recordDeaths(): void {
    const rows = this.store.inFlight();
    const parked = rows.filter((r) => r.interruptions + 1 >= MAX_INTERRUPTIONS);
    const resent = rows.filter((r) => r.interruptions + 1 < MAX_INTERRUPTIONS);
    this.interruptInFlight(resent, INTERRUPTED, 'Hookbay stopped while this attempt was in flight (or about to start); the outcome is unknown, so it is sent again.');
    this.interruptInFlight(
      parked,
      INTERRUPTED,
      `Hookbay stopped while this attempt was in flight, ${MAX_INTERRUPTIONS} times in a row: parked as failed so it cannot crash every start. Retry it once the cause is fixed.`,
      'failed',
    );
    if (parked.length > 0) this.options.onParked?.(parked.map((r) => r.id));
  }

  private interruptInFlight(rows: LeftInFlight[], errorClass: string, message: string, state: 'scheduled' | 'failed' = 'scheduled'): void {
    if (rows.length === 0) return;
    const now = Date.now();
    this.store.db.transaction(() => {
      for (const row of rows) {
        this.store.recordAttempt({
          deliveryId: row.id,
          attempt: row.attempt,
          startedAt: row.startedAt,
          durationMs: null,
          method: row.method,
          url: row.url,
          requestHeaders: [],
          bodySize: 0,
          status: null,
          responseHeaders: null,
          responseBody: null,
          responseTruncated: false,
          errorClass,
          error: message,
        });
        // Rescheduled whatever the budget says: an interruption is not the target's failure.
        this.store.settle(row.id, state, state === 'scheduled' ? now : null, now);
      }
      for (const id of new Set(rows.map((r) => r.requestId))) this.store.syncRequestState(id);
    })();
  }
}

/** The Host a target gets; '' for a URL that does not parse, which sendAttempt records as `invalid_target`. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
