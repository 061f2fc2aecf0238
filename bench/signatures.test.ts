import { expect, it } from 'vitest';
import { benchVerify } from './signatures';

it('verifying a captured request costs well under a millisecond for HMAC schemes', () => {
  const results = benchVerify(100);
  console.table(results);
  expect(results.map((r) => r.scheme)).toContain('stripe');
  for (const r of results) {
    expect(r.baselineUsPerOp).toBeGreaterThan(0);
    expect(r.usPerOp, r.scheme).toBeLessThan(1000);
    expect(r.opsPerSec).toBeGreaterThan(0);
  }
});
