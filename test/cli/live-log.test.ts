import { describe, expect, it } from 'vitest';
import { COLOURS, humanLine, LiveStream, paintFor, PLAIN } from '../../src-main/cli/live-log';
import type { Delivery } from '../../src-main/contract/requests';

describe('live log', () => {
  it('colours only a terminal without NO_COLOR', () => {
    expect(paintFor({ isTTY: true }, {})).toBe(COLOURS);
    expect(paintFor({ isTTY: true }, { NO_COLOR: '1' })).toBe(PLAIN);
    expect(paintFor({ isTTY: false }, {})).toBe(PLAIN);
    expect(paintFor({}, {})).toBe(PLAIN);
  });

  const attempt = (n: number, status: number | null, errorClass: string | null) => ({
    attempt: n,
    startedAt: 0,
    durationMs: 12.4,
    request: { method: 'POST', url: 'http://localhost:3000/webhooks', headers: [], bodySize: 2 },
    status,
    responseHeaders: null,
    responseBodyBase64: null,
    responseTruncated: false,
    errorClass,
    error: errorClass ? 'connect ECONNREFUSED' : null,
  });
  const delivery = (attempts: Delivery['attempts'], state: Delivery['state'], nextAttemptAt: number | null): Delivery => ({
    id: 7,
    requestId: 42,
    targetUrl: 'http://localhost:3000/webhooks',
    state,
    attempts,
    nextAttemptAt,
    createdAt: 0,
    resigned: false,
  });

  it('reports each finished attempt once, with the retry time or the give-up', () => {
    const s = new LiveStream();
    const now = new Date(2026, 0, 1, 14, 5, 7).getTime();
    const first = s.records({ type: 'delivery.updated', delivery: delivery([attempt(1, null, 'connection_refused')], 'scheduled', now + 2000) });
    expect(first.map((r) => humanLine(r, PLAIN, now))).toEqual([
      '<-- ERR http://localhost:3000/webhooks  12 ms  #42  connection_refused: connect ECONNREFUSED  retry 2 at 14:05:09 (in 2 s)',
    ]);
    // The same delivery again (e.g. in flight): nothing new to say.
    expect(s.records({ type: 'delivery.updated', delivery: delivery([attempt(1, null, 'connection_refused')], 'in_flight', null) })).toEqual([]);
    const last = s.records({ type: 'delivery.updated', delivery: delivery([attempt(1, null, 'connection_refused'), attempt(2, 503, 'http_5xx')], 'failed', null) });
    expect(last.map((r) => humanLine(r, PLAIN, now))).toEqual(['<-- 503 http://localhost:3000/webhooks  12 ms  #42  http_5xx  gave up after 2 attempts']);
    const ok = new LiveStream().records({ type: 'delivery.updated', delivery: delivery([attempt(1, 200, null)], 'delivered', null) });
    expect(humanLine(ok[0]!, PLAIN)).toBe('<-- 200 http://localhost:3000/webhooks  12 ms  #42');
    expect(humanLine(ok[0]!, COLOURS)).toContain('\x1b[32m<--\x1b[0m');
  });

  it('says a changed tunnel URL loudly, and nothing for a tunnel that was never opened', () => {
    const s = new LiveStream();
    const status = { url: null, requestedSubdomain: null, host: 'https://localtunnel.me', urlChanged: false, history: [] };
    expect(s.records({ type: 'tunnel.status', status: { ...status, state: 'off' } })).toEqual([]);
    const [online] = s.records({ type: 'tunnel.status', status: { ...status, state: 'online', url: 'https://a.loca.lt' } });
    expect(humanLine(online!, PLAIN)).toBe('Tunnel online: https://a.loca.lt');
    const [changed] = s.records({ type: 'tunnel.status', status: { ...status, state: 'online', url: 'https://b.loca.lt', urlChanged: true } });
    expect(humanLine(changed!, PLAIN)).toMatch(/^!!! Tunnel URL CHANGED: https:\/\/b\.loca\.lt/);
  });
});
