import type { Db } from '../store/database';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import type { CapturedRequest, StoredRequest } from '../store/rows';

/**
 * Steps other parts of the core add to every capture. `Context` is what one write carries
 * to the hooks besides the request (a replay's forwarding plan), passed explicitly so no
 * hook has to find it again by the request's identity.
 */
export interface CaptureHook<Context = unknown> {
  /** Before insert, inside the transaction: derive more (e.g. the signature verdict). */
  prepare?(req: CapturedRequest, endpoint: EndpointRecord, context: Context | undefined): void;
  /** After insert, same transaction: writes that must be atomic with the capture (outbox). */
  inserted?(stored: StoredRequest, endpoint: EndpointRecord, context: Context | undefined): void;
  /** After the batch committed. */
  committed?(stored: readonly StoredRequest[]): void;
}

interface Pending<Context> {
  req: CapturedRequest;
  endpoint: EndpointRecord;
  context: Context | undefined;
  resolve: (stored: StoredRequest) => void;
  reject: (err: Error) => void;
}

/**
 * Group commit: requests that finish in the same event-loop turn are written in one
 * transaction, and each is acknowledged only after that transaction committed. Under
 * load the batches grow, so durability costs one fsync-free WAL append per batch.
 */
export class CaptureWriter<Context = unknown> {
  private queue: Pending<Context>[] = [];
  private scheduled = false;
  private readonly hooks: CaptureHook<Context>[] = [];
  private readonly writeBatch: (batch: Pending<Context>[]) => StoredRequest[];

  /**
   * `current` maps the endpoint a request arrived for to the one it is stored under: an
   * endpoint deleted while its request waited for this batch is gone (its row would break
   * the foreign key and the sender would get 503), so the request goes where any request
   * to an unknown slug goes. Checked inside the transaction, so no deletion can slip between.
   */
  constructor(
    db: Db,
    private readonly requests: RequestStore,
    current: (endpoint: EndpointRecord) => EndpointRecord = (e) => e,
    /**
     * A `prepare` or `committed` hook threw. The capture is stored regardless (without what
     * that hook would have derived): a bug in a verdict or a listener must not turn
     * acknowledged webhooks into 503s, nor escape into the event loop and kill the process.
     */
    private readonly onHookError: (err: unknown) => void = () => {},
  ) {
    this.writeBatch = db.transaction((batch: Pending<Context>[]) =>
      batch.map((p) => {
        const { req, context } = p;
        const endpoint = current(p.endpoint);
        if (endpoint !== p.endpoint) req.endpointId = endpoint.id;
        for (const h of this.hooks) {
          try {
            h.prepare?.(req, endpoint, context);
          } catch (err) {
            this.onHookError(err);
          }
        }
        const stored = this.requests.insert(req);
        for (const h of this.hooks) h.inserted?.(stored, endpoint, context);
        return stored;
      }),
    );
  }

  use(hook: CaptureHook<Context>): void {
    this.hooks.push(hook);
  }

  /** Resolves once the request is committed to disk; `context` reaches this write's hooks. */
  write(req: CapturedRequest, endpoint: EndpointRecord, context?: Context): Promise<StoredRequest> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, endpoint, context, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes everything queued now (also used on shutdown). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let stored: StoredRequest[];
    try {
      stored = this.writeBatch(batch);
    } catch (err) {
      // A batch that cannot commit is retried one by one so a single bad row (or a full
      // disk) rejects only the requests it affects; each sender gets a 503 and retries.
      if (batch.length > 1) {
        for (const p of batch) this.writeOne(p);
        return;
      }
      batch[0]!.reject(err as Error);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(stored[i]!);
    this.announce(stored);
  }

  private announce(stored: StoredRequest[]): void {
    for (const h of this.hooks) {
      try {
        h.committed?.(stored);
      } catch (err) {
        this.onHookError(err);
      }
    }
  }

  private writeOne(p: Pending<Context>): void {
    try {
      const [stored] = this.writeBatch([p]);
      p.resolve(stored!);
      this.announce([stored!]);
    } catch (err) {
      p.reject(err as Error);
    }
  }
}
