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
