import type { Delivery } from '../../contract/requests';
import type { CaptureHook } from '../capture/capture-writer';
import { respondFromConfig, type Responder } from '../capture/receiver';
import type { Db } from '../store/database';
import type { EndpointRecord, EndpointStore } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import type { StoredRequest } from '../store/rows';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryStore, type ClaimedDelivery, type QueuedDelivery } from '../store/delivery-store';
import { endpointTargets, isForwardable, type ForwardPlan } from './forward-plan';
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

interface Settlement {
  q: QueuedDelivery;
  claimed: ClaimedDelivery;
  outgoing: OutgoingRequest;
  result: AttemptResult;
  verdict: Verdict;
  now: number;
}

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
            else if (this.running) this.send(e.q, e.claimed, s, e.endpoint);
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
   * interrupted and rescheduled now; everything pending or scheduled is queued at its time.
   */
  start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.interruptInFlight('Hookbay stopped while this attempt was in flight (or about to start); the outcome is unknown, so it is sent again.');
    for (const d of this.store.open()) this.queue.add(d);
    this.schedulePump();
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
    this.interruptInFlight('Hookbay shut down during this attempt; it is sent again on the next start.');
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
    for (const id of requestIds) this.updateRequestState(id);
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
    if (first || this.queue.hasDue(now)) this.store.db.transaction(claimDue)();
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
    this.send(q, claimed, req, endpoint);
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
    result: AttemptResult,
    passBack: boolean,
  ): void {
    const now = Date.now();
    const retryAfter = result.responseHeaders?.find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
    const verdict = verdictFor(endpoint.retry, { status: result.status, retryAfter, errorClass: result.errorClass }, claimed.attemptsInBudget, now, this.random);
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

  private updateRequestState(requestId: number): void {
    if (this.store.syncRequestState(requestId)) this.options.onRequestStateChanged?.(requestId);
  }

  private interruptInFlight(message: string): void {
    const now = Date.now();
    this.store.db.transaction(() => {
      for (const row of this.store.inFlight()) {
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
          errorClass: 'other',
          error: message,
        });
        // Rescheduled whatever the budget says: an interruption is not the target's failure.
        this.store.settle(row.id, 'scheduled', now, now);
      }
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
