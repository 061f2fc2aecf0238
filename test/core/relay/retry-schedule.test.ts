import { describe, expect, it } from 'vitest';
import { RetryPolicy } from '../../../src-main/contract/endpoints';
import {
  backoffDelayMs,
  isRetryableStatus,
  nominalDelayMs,
  parseRetryAfter,
  verdictFor,
} from '../../../src-main/core/relay/retry-schedule';

const defaults = RetryPolicy.parse({});

describe('retry schedule', () => {
  it('defaults to the seed providers: 5 attempts, 1 s doubling, 30 s per attempt, network errors/408/429/5xx retried', () => {
    expect(defaults).toMatchObject({ maxAttempts: 5, initialIntervalMs: 1000, factor: 2, timeoutMs: 30_000 });
    expect([1, 2, 3, 4].map((n) => nominalDelayMs(defaults, n))).toEqual([1000, 2000, 4000, 8000]);
    expect([408, 429, 500, 503, 599].every((s) => isRetryableStatus(defaults, s))).toBe(true);
    expect([400, 401, 404, 409, 422].some((s) => isRetryableStatus(defaults, s))).toBe(false);
  });

  it('keeps every delay within ±20% of nominal, at both extremes of the random source', () => {
    for (const r of [0, 0.25, 0.5, 0.999999]) {
      for (let n = 1; n <= 6; n++) {
        const d = backoffDelayMs(defaults, n, () => r);
        const nominal = nominalDelayMs(defaults, n);
        expect(d).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
        expect(d).toBeLessThanOrEqual(Math.ceil(nominal * 1.2));
      }
    }
  });

  it('caps the backoff at maxIntervalMs', () => {
    const p = RetryPolicy.parse({ initialIntervalMs: 1000, factor: 10, maxIntervalMs: 5000 });
    expect(nominalDelayMs(p, 5)).toBe(5000);
  });

  it("follows an explicit schedule such as SendPilot's 5 s, 30 s, 2 min, 15 min, 1 h", () => {
    const p = RetryPolicy.parse({ maxAttempts: 6, scheduleMs: [5000, 30_000, 120_000, 900_000, 3_600_000] });
    expect([1, 2, 3, 4, 5, 6].map((n) => nominalDelayMs(p, n))).toEqual([5000, 30_000, 120_000, 900_000, 3_600_000, 3_600_000]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('decides: 2xx delivers, non-retryable is final, budget exhaustion fails, Retry-After wins on 429/503', () => {
    const now = 0;
    const mid = () => 0.5;
    expect(verdictFor(defaults, { status: 204 }, 1, now)).toEqual({ kind: 'delivered' });
    expect(verdictFor(defaults, { status: 400 }, 1, now)).toEqual({ kind: 'failed' });
    expect(verdictFor(defaults, { status: 302 }, 1, now)).toEqual({ kind: 'failed' });
    expect(verdictFor(defaults, { status: null }, 5, now)).toEqual({ kind: 'failed' });
    expect(verdictFor(defaults, { status: null }, 2, now, mid)).toEqual({ kind: 'retry', delayMs: 2000 });
    // Node refused to send it: the same request would be refused again.
    expect(verdictFor(defaults, { status: null, errorClass: 'invalid_target' }, 1, now)).toEqual({ kind: 'failed' });
    expect(verdictFor(defaults, { status: null, errorClass: 'invalid_request' }, 1, now)).toEqual({ kind: 'failed' });
    expect(verdictFor(defaults, { status: null, errorClass: 'reset' }, 2, now, mid)).toEqual({ kind: 'retry', delayMs: 2000 });
    expect(verdictFor(defaults, { status: 503, retryAfter: '7' }, 1, now)).toEqual({ kind: 'retry', delayMs: 7000 });
    expect(verdictFor(defaults, { status: 500, retryAfter: '7' }, 1, now, mid)).toEqual({ kind: 'retry', delayMs: 1000 });
    const custom = RetryPolicy.parse({ retryOn: [409], maxIntervalMs: 3000 });
    expect(verdictFor(custom, { status: 409 }, 1, now, mid).kind).toBe('retry');
    expect(verdictFor(custom, { status: 503 }, 1, now).kind).toBe('failed');
    expect(verdictFor(RetryPolicy.parse({ maxIntervalMs: 3000 }), { status: 429, retryAfter: '3600' }, 1, now)).toEqual({
      kind: 'retry',
      delayMs: 3000,
    });
  });
});
