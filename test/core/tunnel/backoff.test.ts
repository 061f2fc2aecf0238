import { expect, it } from 'vitest';
import { retryDelay } from '../../../src-main/core/tunnel/backoff';

const timing = { initialRetryDelayMs: 1000, maxRetryDelayMs: 60_000, retryJitter: 0.3 };

it('doubles per attempt from the initial delay up to the cap', () => {
  const noJitter = () => 0;
  expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelay(a, timing, noJitter))).toEqual([
    1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
  ]);
  expect(retryDelay(10_000, timing, noJitter)).toBe(60_000);
});

it('jitter only shortens, by at most the jitter share', () => {
  expect(retryDelay(3, timing, () => 0.999999)).toBe(2800);
  for (let i = 0; i < 100; i++) {
    const d = retryDelay(3, timing);
    expect(d).toBeGreaterThanOrEqual(2800);
    expect(d).toBeLessThanOrEqual(4000);
  }
});
