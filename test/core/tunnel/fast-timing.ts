import type { TunnelTiming } from '../../../src-main/core/tunnel';

/** Real behaviour, test-sized delays. */
export const FAST_TIMING: Partial<TunnelTiming> = {
  initialRetryDelayMs: 50,
  maxRetryDelayMs: 400,
  registerTimeoutMs: 3_000,
  socketOpenTimeoutMs: 3_000,
  probeIntervalMs: 300,
  probeTimeoutMs: 1_500,
  probeFailuresBeforeDrop: 2,
  noSocketsGraceMs: 500,
  wakeCheckIntervalMs: 200,
  sleepGapMs: 2_000,
};

/**
 * Retries that outlast the reference server's 1 s grace before it frees the subdomain of a
 * client whose sockets closed, for tests that reconnect to a server that saw us leave.
 */
export const PATIENT_TIMING: Partial<TunnelTiming> = { ...FAST_TIMING, initialRetryDelayMs: 300, maxRetryDelayMs: 1_000 };
