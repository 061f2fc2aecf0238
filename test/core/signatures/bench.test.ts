import { expect, it } from 'vitest';
import { benchVerify } from '../../../src-main/core/signatures/bench';

it('verifying a captured request costs well under a millisecond for HMAC schemes', () => {
  const results = benchVerify(100);
  console.table(results);
  expect(results[0]!.scheme).toMatch(/baseline/);
  for (const r of results.slice(1)) {
    expect(r.usPerOp, r.scheme).toBeLessThan(250);
    expect(r.opsPerSec).toBeGreaterThan(0);
  }
});
