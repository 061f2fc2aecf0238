import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainTunnelReason } from '../../src-renderer/src/format/tunnel-reason';

describe('plainTunnelReason', () => {
  it('reads a resolver error as offline or DNS, naming the host', () => {
    expect(plainTunnelReason('getaddrinfo ENOTFOUND tunnel.example.invalid')).toBe('could not resolve the tunnel server tunnel.example.invalid (offline or DNS)');
  });

  it("fits the core's own sentences into the hint's sentence", () => {
    expect(plainTunnelReason('Could not resolve the tunnel server tunnel.x.invalid (offline or DNS).')).toBe(
      'could not resolve the tunnel server tunnel.x.invalid (offline or DNS)',
    );
    expect(plainTunnelReason('DNS lookup failed.')).toBe('DNS lookup failed');
  });

  it('never leaves a final period (the hint adds its own) and keeps the rest of any reason', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 3 }), (text, dots) => {
        const out = plainTunnelReason(`${text}${'.'.repeat(dots)}`);
        if (out === null) return;
        expect(out.endsWith('.')).toBe(false);
      }),
    );
  });
});
