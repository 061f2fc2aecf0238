import type { HookbayEvent } from '../contract/events';
import type { TunnelState } from '../contract/tunnel';
import type { NotificationKind, NotificationPrefs } from './desktop-settings';

export interface Note {
  kind: NotificationKind;
  title: string;
  body: string;
  /** The request to select when the notification is clicked. */
  requestId?: number;
}

export interface NotificationPolicyOptions {
  prefs: () => NotificationPrefs;
  show: (note: Note) => void;
  /** New-request notifications are pointless while the user is looking at the list. */
  windowFocused: () => boolean;
  /** Bursts of captures become one "N more" note per window (a load test must not spam). */
  burstMs?: number;
  timers?: { set: typeof setTimeout; clear: typeof clearTimeout };
}

const DROPPED: ReadonlySet<TunnelState> = new Set(['reconnecting', 'error']);

/** Decides which core events become desktop notifications; Electron-free for tests. */
export class NotificationPolicy {
  private burst: { timer: ReturnType<typeof setTimeout>; more: number } | null = null;
  private tunnelState: TunnelState | null = null;
  private readonly failedSeen = new Set<string>();

  constructor(private readonly o: NotificationPolicyOptions) {}

  onEvent(event: HookbayEvent): void {
    const prefs = this.o.prefs();
    switch (event.type) {
      case 'request.captured':
        if (prefs.newRequests && !this.o.windowFocused()) this.captured(event.request);
        return;
      case 'delivery.updated': {
        const d = event.delivery;
        const key = `${d.id}:${d.attempts.length}`;
        if (d.state !== 'failed' || this.failedSeen.has(key)) return;
        this.failedSeen.add(key);
        if (this.failedSeen.size > 1000) this.failedSeen.clear();
        const last = d.attempts.at(-1);
        const why = last?.error ?? (last?.status ? `HTTP ${last.status}` : 'no response');
        if (prefs.failedDeliveries) {
          this.o.show({ kind: 'failedDeliveries', title: 'Delivery failed', body: `${d.targetUrl}: ${why}`, requestId: d.requestId });
        }
        return;
      }
      case 'tunnel.status': {
        const prev = this.tunnelState;
        const next = event.status.state;
        this.tunnelState = next;
        if (prev === 'online' && DROPPED.has(next) && prefs.tunnelDrops) {
          this.o.show({
            kind: 'tunnelDrops',
            title: 'Tunnel dropped',
            body: `${event.status.reason ?? 'The public URL stopped answering.'}${next === 'reconnecting' ? ' Reconnecting…' : ''}`,
          });
        }
        return;
      }
      case 'request.updated':
      case 'requests.deleted':
      case 'endpoints.changed':
      case 'core.crashed':
      case 'job.progress':
        // Changes the user made or is looking at: the window shows them; no notification.
        return;
      case 'problem':
      case 'health.changed':
        // The window's banner shows these (and the log has them).
        return;
    }
  }

  dispose(): void {
    if (this.burst) this.timers.clear(this.burst.timer);
    this.burst = null;
  }

  private get timers() {
    return this.o.timers ?? { set: setTimeout, clear: clearTimeout };
  }

  private captured(r: { id: number; method: string; path: string; endpointSlug: string; eventType: string | null }): void {
    if (this.burst) {
      this.burst.more += 1;
      return;
    }
    this.o.show({
      kind: 'newRequests',
      title: `${r.method} ${r.path}`,
      body: [r.eventType, `endpoint ${r.endpointSlug}`].filter(Boolean).join(' · '),
      requestId: r.id,
    });
    const timer = this.timers.set(() => {
      const more = this.burst?.more ?? 0;
      this.burst = null;
      if (more > 0 && this.o.prefs().newRequests) {
        this.o.show({ kind: 'newRequests', title: `${more} more request${more === 1 ? '' : 's'}`, body: 'Open Hookbay to inspect them.' });
      }
    }, this.o.burstMs ?? 5000);
    (timer as { unref?: () => void }).unref?.();
    this.burst = { timer, more: 0 };
  }
}
