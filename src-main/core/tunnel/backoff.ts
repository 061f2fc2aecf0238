import type { TunnelTiming } from './timing';

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential, capped, and shortened by a
 * random share of up to `retryJitter` so that clients dropped by the same outage spread out.
 */
export function retryDelay(
  attempt: number,
  timing: Pick<TunnelTiming, 'initialRetryDelayMs' | 'maxRetryDelayMs' | 'retryJitter'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 1024 is Infinity; cap the exponent long before that matters.
  const base = Math.min(timing.maxRetryDelayMs, timing.initialRetryDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(base * (1 - timing.retryJitter * random()));
}
