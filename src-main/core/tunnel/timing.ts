/**
 * Every delay the tunnel waits on, in one place so tests can shrink them. The defaults are for
 * the public loca.lt service: probing more often than every 30 s only adds load on a free
 * service, and backing off to a minute keeps a long outage from hammering it.
 */
export interface TunnelTiming {
  /** First reconnect delay; doubles per failed attempt up to `maxRetryDelayMs`. */
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** Share of each delay that is random (0..1), so many clients don't retry in lockstep. */
  retryJitter: number;
  /** How long asking the server for a tunnel may take. */
  registerTimeoutMs: number;
  /** How long the first tunnel socket may take to connect after the server granted the URL. */
  socketOpenTimeoutMs: number;
  /** Interval of the request through the public URL that proves the tunnel works end to end. */
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** Consecutive failed periodic probes before the tunnel is declared down. */
  probeFailuresBeforeDrop: number;
  /** How long the tunnel may have no socket to the server before it is declared down. */
  noSocketsGraceMs: number;
  /** Tick of the sleep/wake and network-change watch. */
  wakeCheckIntervalMs: number;
  /** A tick this much later than scheduled means the machine slept (or the process was frozen). */
  sleepGapMs: number;
}

export const DEFAULT_TUNNEL_TIMING: TunnelTiming = {
  initialRetryDelayMs: 1_000,
  maxRetryDelayMs: 60_000,
  retryJitter: 0.3,
  registerTimeoutMs: 15_000,
  socketOpenTimeoutMs: 10_000,
  probeIntervalMs: 30_000,
  probeTimeoutMs: 10_000,
  probeFailuresBeforeDrop: 2,
  noSocketsGraceMs: 5_000,
  wakeCheckIntervalMs: 5_000,
  sleepGapMs: 15_000,
};
