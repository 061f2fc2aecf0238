import { describe, expect, it } from 'vitest';
import {
  benchForwardingOverhead,
  benchForwardThroughput,
  benchQueueDrain,
  formatRelayBench,
  relayBenchSection,
} from './relay';

// Small sizes: this only keeps the bench functions working; `npm run bench` runs the real sizes.
describe('relay bench', () => {
  it('measures overhead, throughput and drain against a direct baseline', async () => {
    const overhead = await benchForwardingOverhead(40, 10);
    const throughput = await benchForwardThroughput(200, 8, 4);
    const drain = await benchQueueDrain(200);
    expect(overhead.viaHookbay.p50).toBeGreaterThan(0);
    expect(overhead.ratioP50).toBeGreaterThan(0);
    expect(throughput.forwardedPerSec).toBeGreaterThan(0);
    expect(drain.deliveries).toBe(200);
    expect(formatRelayBench({ overhead, throughput, drain })).toContain('retry-queue drain');
    const section = relayBenchSection({ overhead, throughput, drain });
    expect(section.markdown).toContain('| latency p50');
    expect(section.summary).toHaveLength(3);
  });
});
