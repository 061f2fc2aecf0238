import type { TunnelProvider, TunnelState, TunnelStatus } from '../../contract/tunnel';

/** Everything that moves the tunnel's status; the controller feeds these, the UI sees the result. */
export type TunnelEvent =
  | { type: 'started'; provider: TunnelProvider; host: string; requestedSubdomain: string | null }
  /** The server granted `url` and a probe through it reached us at `at` (only then are we online). */
  | { type: 'granted'; url: string; grantedSubdomain: string; at: number }
  | { type: 'probed'; at: number }
  | { type: 'retrying'; reason: string; attempt: number; nextRetryAt: number }
  | { type: 'failed'; reason: string }
  | { type: 'stopped' };

export type TunnelEventType = TunnelEvent['type'];
type EventOf<T extends TunnelEventType> = Extract<TunnelEvent, { type: T }>;

/** Keep enough URLs to explain a day of flapping without growing the settings row forever. */
export const MAX_URL_HISTORY = 20;

/** States each event may arrive in; anything else is a stale callback and changes nothing. */
export const ACCEPTED_IN = {
  started: ['off', 'connecting', 'online', 'reconnecting', 'error'],
  granted: ['connecting', 'reconnecting'],
  probed: ['online'],
  retrying: ['connecting', 'online', 'reconnecting'],
  failed: ['connecting', 'online', 'reconnecting'],
  stopped: ['off', 'connecting', 'online', 'reconnecting', 'error'],
} as const satisfies Record<TunnelEventType, readonly TunnelState[]>;

const notOnline = { url: null, grantedSubdomain: null, attempt: undefined, nextRetryAt: undefined } as const;

const TRANSITIONS: { [T in TunnelEventType]: (s: TunnelStatus, e: EventOf<T>) => TunnelStatus } = {
  started: (s, e) => ({
    ...s,
    ...notOnline,
    state: 'connecting',
    provider: e.provider,
    host: e.host,
    requestedSubdomain: e.requestedSubdomain,
    reason: undefined,
    // A deliberate (re)start is not a surprise; only changes after it are flagged.
    urlChanged: false,
  }),
  granted: (s, e) => {
    const last = s.history.at(-1);
    const changed = last !== undefined && last.url !== e.url;
    const history = last?.url === e.url ? s.history : [...s.history, { url: e.url, since: e.at }].slice(-MAX_URL_HISTORY);
    const swapped = s.requestedSubdomain !== null && s.requestedSubdomain !== e.grantedSubdomain;
    const reasons = [
      swapped ? `The subdomain "${s.requestedSubdomain}" was not granted (it is taken); the server handed out "${e.grantedSubdomain}".` : null,
      changed ? `The public URL changed from ${last!.url} to ${e.url}: update the URL registered at your webhook provider.` : null,
    ].filter((r) => r !== null);
    return {
      ...s,
      state: 'online',
      url: e.url,
      grantedSubdomain: e.grantedSubdomain,
      attempt: undefined,
      nextRetryAt: undefined,
      reason: reasons.length ? reasons.join(' ') : undefined,
      urlChanged: s.urlChanged || changed,
      history,
      lastProbeAt: e.at,
    };
  },
  probed: (s, e) => ({ ...s, lastProbeAt: e.at }),
  retrying: (s, e) => ({
    ...s,
    ...notOnline,
    state: 'reconnecting',
    attempt: e.attempt,
    nextRetryAt: e.nextRetryAt,
    reason: e.reason,
  }),
  failed: (s, e) => ({ ...s, ...notOnline, state: 'error', reason: e.reason }),
  stopped: (s) => ({ ...s, ...notOnline, state: 'off', reason: undefined }),
};

/** The next status after `event`; unchanged (same object) when the event does not apply. */
export function nextStatus(status: TunnelStatus, event: TunnelEvent): TunnelStatus {
  if (!(ACCEPTED_IN[event.type] as readonly TunnelState[]).includes(status.state)) return status;
  const transition = TRANSITIONS[event.type] as (s: TunnelStatus, e: TunnelEvent) => TunnelStatus;
  return transition(status, event);
}

export function initialStatus(host: string, history: TunnelStatus['history'] = []): TunnelStatus {
  return {
    state: 'off',
    provider: 'localtunnel',
    url: null,
    requestedSubdomain: null,
    grantedSubdomain: null,
    host,
    urlChanged: false,
    history,
  };
}
