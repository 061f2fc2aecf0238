import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HookbayEvent } from '../../src-main/contract/events';
import type { Delivery, RequestSummary } from '../../src-main/contract/requests';
import type { TunnelStatus } from '../../src-main/contract/tunnel';
import { NotificationPrefs } from '../../src-main/shell/desktop-settings';
import { NotificationPolicy, type Note } from '../../src-main/shell/notifications';

const request = (id: number): RequestSummary => ({
  id,
  endpointId: 'ep_default',
  endpointSlug: 'default',
  method: 'POST',
  path: '/default/hook',
  query: '',
  size: 2,
  truncated: false,
  receivedAt: 0,
  contentType: 'application/json',
  eventType: 'invoice.paid',
  eventId: null,
  duplicateOf: null,
  via: 'direct',
  error: null,
  replayOf: null,
  verificationStatus: 'unverified',
  deliveryState: 'none',
});
const captured = (id: number): HookbayEvent => ({ type: 'request.captured', request: request(id) });
const delivery = (state: Delivery['state'], attempts = 1): HookbayEvent => ({
  type: 'delivery.updated',
  delivery: {
    id: 9,
    requestId: 3,
    targetUrl: 'http://localhost:3000/hook',
    state,
    attempts: Array.from({ length: attempts }, (_, i) => ({
      attempt: i + 1,
      startedAt: 0,
      durationMs: 1,
      request: { method: 'POST', url: 'http://localhost:3000/hook', headers: [], bodySize: 0 },
      status: null,
      responseHeaders: null,
      responseBodyBase64: null,
      responseTruncated: false,
      errorClass: 'connection_refused',
      error: 'connection refused',
    })),
    nextAttemptAt: null,
    createdAt: 0,
    resigned: false,
  },
});
const tunnel = (state: TunnelStatus['state'], reason?: string): HookbayEvent => ({
  type: 'tunnel.status',
  status: { state, url: state === 'online' ? 'https://x.loca.lt' : null, requestedSubdomain: null, host: 'https://localtunnel.me', urlChanged: false, history: [], ...(reason ? { reason } : {}) },
});

describe('notification policy', () => {
  let prefs: NotificationPrefs;
  let focused: boolean;
  let notes: Note[];
  let policy: NotificationPolicy;
  beforeEach(() => {
    vi.useFakeTimers();
    prefs = NotificationPrefs.parse({});
    focused = false;
    notes = [];
    policy = new NotificationPolicy({ prefs: () => prefs, show: (n) => notes.push(n), windowFocused: () => focused, burstMs: 5000 });
  });
  afterEach(() => vi.useRealTimers());

  it('announces a new request, then coalesces a burst into one "N more" note', () => {
    for (let i = 1; i <= 40; i++) policy.onEvent(captured(i));
    expect(notes).toEqual([{ kind: 'newRequests', title: 'POST /default/hook', body: 'invoice.paid · endpoint default', requestId: 1 }]);
    vi.advanceTimersByTime(5000);
    expect(notes.map((n) => n.title)).toEqual(['POST /default/hook', '39 more requests']);
    policy.onEvent(captured(41));
    expect(notes).toHaveLength(3);
  });

  it('stays quiet about new requests while the window has focus, or when switched off', () => {
    focused = true;
    policy.onEvent(captured(1));
    focused = false;
    prefs = { ...prefs, newRequests: false };
    policy.onEvent(captured(2));
    expect(notes).toEqual([]);
  });

  it('announces each failed delivery attempt once', () => {
    policy.onEvent(delivery('scheduled'));
    policy.onEvent(delivery('failed'));
    policy.onEvent(delivery('failed'));
    policy.onEvent(delivery('failed', 2));
    expect(notes.map((n) => [n.kind, n.body])).toEqual([
      ['failedDeliveries', 'http://localhost:3000/hook: connection refused'],
      ['failedDeliveries', 'http://localhost:3000/hook: connection refused'],
    ]);
    prefs = { ...prefs, failedDeliveries: false };
    policy.onEvent(delivery('failed', 3));
    expect(notes).toHaveLength(2);
  });

  it('announces a tunnel drop, not a tunnel the user closed', () => {
    policy.onEvent(tunnel('connecting'));
    policy.onEvent(tunnel('online'));
    policy.onEvent(tunnel('reconnecting', 'socket hang up'));
    policy.onEvent(tunnel('online'));
    policy.onEvent(tunnel('off'));
    expect(notes).toEqual([{ kind: 'tunnelDrops', title: 'Tunnel dropped', body: 'socket hang up Reconnecting…' }]);
    prefs = { ...prefs, tunnelDrops: false };
    policy.onEvent(tunnel('online'));
    policy.onEvent(tunnel('error', 'gone'));
    expect(notes).toHaveLength(1);
  });
});
