import type { HeaderPairs } from '../../contract/common';
import type { ResponseSpec } from '../capture/receiver';
import type { AttemptResult } from './send-attempt';

/** Headers of the target's answer that describe its own connection, not the content. */
const NOT_PASSED_BACK = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'trailer', 'upgrade']);

interface Waiter {
  deliveryId: number;
  resolve: (spec: ResponseSpec | null) => void;
  promise: Promise<ResponseSpec | null>;
  expiry: NodeJS.Timeout;
}

/**
 * Response mode `wait`: the sender's answer is the first target's answer. The waiter is
 * registered inside the capture transaction, before any attempt can start, so a fast
 * target can never answer before anyone listens. `null` means "answer from the config".
 */
export class ResponseWaiters {
  private readonly waiting = new Map<number, Waiter>();

  register(requestId: number, deliveryId: number, timeoutMs: number): void {
    let resolve!: (spec: ResponseSpec | null) => void;
    const promise = new Promise<ResponseSpec | null>((r) => (resolve = r));
    // Generous cleanup for requests whose sender was never answered through the responder.
    const expiry = setTimeout(() => this.settle(requestId, null), timeoutMs + 5_000).unref();
    this.waiting.set(requestId, { deliveryId, resolve, promise, expiry });
  }

  wants(requestId: number, deliveryId: number): boolean {
    return this.waiting.get(requestId)?.deliveryId === deliveryId;
  }

  /** Resolves with the target's answer, or null on timeout, network error or no waiter. */
  async wait(requestId: number, timeoutMs: number): Promise<ResponseSpec | null> {
    const w = this.waiting.get(requestId);
    if (!w) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), timeoutMs)));
    try {
      return await Promise.race([w.promise, timeout]);
    } finally {
      clearTimeout(timer);
      this.settle(requestId, null);
    }
  }

  /** Called with each attempt of the first delivery; only the first one counts. */
  answered(requestId: number, result: Pick<AttemptResult, 'status' | 'responseHeaders'>, body: Buffer | null): void {
    if (result.status === null) return this.settle(requestId, null);
    const headers: HeaderPairs = (result.responseHeaders ?? []).filter(([k]) => !NOT_PASSED_BACK.has(k.toLowerCase()));
    this.settle(requestId, { status: result.status, headers, body: body ?? Buffer.alloc(0) });
  }

  settle(requestId: number, spec: ResponseSpec | null): void {
    const w = this.waiting.get(requestId);
    if (!w) return;
    this.waiting.delete(requestId);
    clearTimeout(w.expiry);
    w.resolve(spec);
  }

  clear(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, null);
  }
}
