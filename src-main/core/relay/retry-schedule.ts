import type { RetryPolicy } from '../../contract/endpoints';

/** Each backoff delay lands within ±20% of its nominal value, so retries of a burst spread out. */
export const JITTER = 0.2;

/** Nominal delay before attempt `failed + 1`, after `failed` attempts have failed (1-based). */
export function nominalDelayMs(
  policy: Pick<RetryPolicy, 'initialIntervalMs' | 'factor' | 'maxIntervalMs' | 'scheduleMs'>,
  failed: number,
): number {
  const schedule = policy.scheduleMs;
  const raw =
    schedule && schedule.length > 0
      ? schedule[Math.min(Math.max(0, failed - 1), schedule.length - 1)]!
      : policy.initialIntervalMs * Math.pow(policy.factor, Math.max(0, failed - 1));
  return Math.min(raw, policy.maxIntervalMs);
}

export function backoffDelayMs(
  policy: Pick<RetryPolicy, 'initialIntervalMs' | 'factor' | 'maxIntervalMs' | 'scheduleMs'>,
  failed: number,
  random: () => number = Math.random,
): number {
  const nominal = nominalDelayMs(policy, failed);
  return Math.round(nominal * (1 + (random() * 2 - 1) * JITTER));
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP-date; null when absent or unparseable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Whether an HTTP status is worth another attempt under this policy. */
export function isRetryableStatus(policy: Pick<RetryPolicy, 'retryOn'>, status: number): boolean {
  return policy.retryOn.some((r) => (r === '5xx' ? status >= 500 && status <= 599 : r === status));
}

export interface AttemptOutcome {
  /** null when no HTTP response arrived (network error, timeout). */
  status: number | null;
  retryAfter?: string;
  /** Set when no response arrived; the classes Node refused to send are never retried. */
  errorClass?: string | null;
}

/** Node refused to send the request at all: asking again sends the same unsendable request. */
const FINAL_ERROR_CLASSES = new Set(['invalid_target', 'invalid_request']);

export type Verdict = { kind: 'delivered' } | { kind: 'failed' } | { kind: 'retry'; delayMs: number };

/**
 * What happens after an attempt. 2xx delivers; network errors, timeouts and statuses in
 * `retryOn` are retried while the budget lasts; any other answer is final (a 400 will not
 * turn into a 200 by asking again). On 429 and 503 the target's `Retry-After` replaces the
 * backoff, capped by `maxIntervalMs` so a misbehaving server cannot park a delivery for days.
 */
export function verdictFor(
  policy: RetryPolicy,
  outcome: AttemptOutcome,
  attemptsInBudget: number,
  now: number,
  random: () => number = Math.random,
): Verdict {
  const { status } = outcome;
  if (status !== null && status >= 200 && status <= 299) return { kind: 'delivered' };
  if (status === null && outcome.errorClass && FINAL_ERROR_CLASSES.has(outcome.errorClass)) return { kind: 'failed' };
  const retryable = status === null || isRetryableStatus(policy, status);
  if (!retryable || attemptsInBudget >= policy.maxAttempts) return { kind: 'failed' };
  if (status === 429 || status === 503) {
    const after = parseRetryAfter(outcome.retryAfter, now);
    if (after !== null) return { kind: 'retry', delayMs: Math.min(after, policy.maxIntervalMs) };
  }
  return { kind: 'retry', delayMs: backoffDelayMs(policy, attemptsInBudget, random) };
}
