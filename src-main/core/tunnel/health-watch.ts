import os from 'node:os';
import type { EventEmitter } from 'node:events';
import type { TunnelTiming } from './timing';

/** What the watch observes of a client: its open sockets to the server, `sockets` and `error` events. */
export type WatchedClient = Pick<EventEmitter, 'on' | 'off'> & { readonly sockets: { readonly size: number } };

export interface HealthWatchHooks {
  /** Runs one probe through the public URL; resolves to null when it passed, else the reason. */
  probe(): Promise<string | null>;
  onProbed(at: number): void;
  /** The tunnel is down; called at most once per watch. */
  onDown(reason: string): void;
  now?: () => number;
  /** Fingerprint of the network; a change means Wi-Fi switched, VPN went up, a cable was pulled. */
  networkFingerprint?: () => string;
}

/** Addresses of the non-internal interfaces, which change when the machine changes network. */
export function networkFingerprint(): string {
  const parts: string[] = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal) parts.push(`${name}=${a.address}`);
  }
  return parts.sort().join(',');
}

/**
 * Watches an online tunnel for real, because the client's own events miss the common failures:
 * a server that forgot us refuses our sockets (client `error`), sockets that close and don't come
 * back, and — the silent one — sockets that look open but lead nowhere after sleep or a network
 * change (TCP keepalive takes hours to notice). The periodic probe through the public URL is the
 * ground truth; a wake or network change triggers one at once, and then one failure is enough.
 */
export class HealthWatch {
  private readonly timers: NodeJS.Timeout[] = [];
  private noSocketsTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private probing = false;
  private stopped = false;
  private lastTick: number;
  private fingerprint: string;
  private readonly now: () => number;
  private readonly detach: () => void;

  constructor(
    private readonly client: WatchedClient,
    private readonly timing: TunnelTiming,
    private readonly hooks: HealthWatchHooks,
  ) {
    this.now = hooks.now ?? Date.now;
    this.lastTick = this.now();
    this.fingerprint = (hooks.networkFingerprint ?? networkFingerprint)();

    const onError = (err: Error) => this.down(`The tunnel server dropped this tunnel: ${err.message}.`);
    const onSockets = (count: number) => this.socketsChanged(count);
    client.on('error', onError);
    client.on('sockets', onSockets);
    this.detach = () => {
      client.off('error', onError);
      client.off('sockets', onSockets);
    };

    this.every(timing.probeIntervalMs, () => void this.probe(timing.probeFailuresBeforeDrop));
    this.every(timing.wakeCheckIntervalMs, () => this.checkWakeAndNetwork());
    this.socketsChanged(client.sockets.size);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    if (this.noSocketsTimer) clearTimeout(this.noSocketsTimer);
    this.detach();
  }

  private every(ms: number, fn: () => void): void {
    this.timers.push(setInterval(fn, ms).unref());
  }

  private down(reason: string): void {
    if (this.stopped) return;
    this.stop();
    this.hooks.onDown(reason);
  }

  private socketsChanged(count: number): void {
    if (count > 0) {
      if (this.noSocketsTimer) clearTimeout(this.noSocketsTimer);
      this.noSocketsTimer = null;
      return;
    }
    // Upstream replaces each socket the server closes (every keep-alive timeout), so zero for a
    // moment is normal; zero for the grace period is not.
    this.noSocketsTimer ??= setTimeout(
      () => this.down('Every connection to the tunnel server closed and none came back.'),
      this.timing.noSocketsGraceMs,
    ).unref();
  }

  private checkWakeAndNetwork(): void {
    const now = this.now();
    const gap = now - this.lastTick - this.timing.wakeCheckIntervalMs;
    this.lastTick = now;
    const fingerprint = (this.hooks.networkFingerprint ?? networkFingerprint)();
    const networkChanged = fingerprint !== this.fingerprint;
    this.fingerprint = fingerprint;
    // The hooks' probe resolves with a failure text instead of rejecting; its outcome is the tunnel's status.
    if (gap > this.timing.sleepGapMs) void this.probe(1, 'after the computer woke up');
    else if (networkChanged) void this.probe(1, 'after the network changed');
  }

  /** Probes now; declares the tunnel down after `limit` consecutive failures. */
  async probe(limit: number, context?: string): Promise<void> {
    if (this.probing || this.stopped) return;
    this.probing = true;
    try {
      const failure = await this.hooks.probe();
      if (this.stopped) return;
      if (failure === null) {
        this.failures = 0;
        this.hooks.onProbed(this.now());
        return;
      }
      this.failures += 1;
      if (this.failures >= limit) this.down(context ? `${failure} (checked ${context})` : failure);
    } finally {
      this.probing = false;
    }
  }
}
