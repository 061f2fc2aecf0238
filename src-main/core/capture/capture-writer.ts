import type { Db } from '../store/database';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import type { CapturedRequest, StoredRequest } from '../store/rows';

/** Steps other parts of the core add to every capture. */
export interface CaptureHook {
  /** Before insert, inside the transaction: derive more (e.g. the signature verdict). */
  prepare?(req: CapturedRequest, endpoint: EndpointRecord): void;
  /** After insert, same transaction: writes that must be atomic with the capture (outbox). */
  inserted?(stored: StoredRequest, endpoint: EndpointRecord): void;
  /** After the batch committed. */
  committed?(stored: readonly StoredRequest[]): void;
}

interface Pending {
  req: CapturedRequest;
  endpoint: EndpointRecord;
  resolve: (stored: StoredRequest) => void;
  reject: (err: Error) => void;
}

/**
 * Group commit: requests that finish in the same event-loop turn are written in one
 * transaction, and each is acknowledged only after that transaction committed. Under
 * load the batches grow, so durability costs one fsync-free WAL append per batch.
 */
export class CaptureWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly hooks: CaptureHook[] = [];
  private readonly writeBatch: (batch: Pending[]) => StoredRequest[];

  constructor(
    db: Db,
    private readonly requests: RequestStore,
  ) {
    this.writeBatch = db.transaction((batch: Pending[]) =>
      batch.map(({ req, endpoint }) => {
        for (const h of this.hooks) h.prepare?.(req, endpoint);
        const stored = this.requests.insert(req);
        for (const h of this.hooks) h.inserted?.(stored, endpoint);
        return stored;
      }),
    );
  }

  use(hook: CaptureHook): void {
    this.hooks.push(hook);
  }

  /** Resolves once the request is committed to disk. */
  write(req: CapturedRequest, endpoint: EndpointRecord): Promise<StoredRequest> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, endpoint, resolve, reject });
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
    for (const h of this.hooks) h.committed?.(stored);
  }

  private writeOne(p: Pending): void {
    try {
      const [stored] = this.writeBatch([p]);
      p.resolve(stored!);
      for (const h of this.hooks) h.committed?.([stored!]);
    } catch (err) {
      p.reject(err as Error);
    }
  }
}
