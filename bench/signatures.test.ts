import { expect, it } from 'vitest';
import { benchStuffedHeader, benchVerify } from './signatures';

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

it('a header stuffed with 1,000 signatures costs about what one genuine signature does', () => {
  const r = benchStuffedHeader(2, 2 * 1024 * 1024);
  console.table([r]);
  // Before the cap and digest-once matcher this ratio was ~1,000 (one HMAC of the body per candidate).
  expect(r.ratio).toBeLessThan(10);
});
