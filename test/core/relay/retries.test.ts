import { describe, expect, it } from 'vitest';
import { nominalDelayMs } from '../../../src-main/core/relay/retry-schedule';
import { createEndpoint, relayFixture, until } from '../../support/relay-app';
import { freePort, header, send } from '../../support/target-server';

const fixture = relayFixture();

async function capture(slug: string, body = '{"type":"ping"}'): Promise<number> {
  const res = await send(`${fixture.app.receiverUrl}/${slug}`, { headers: [['Content-Type', 'application/json']], body });
  return Number(header(res.headers, 'X-Hookbay-Request-Id'));
}

const finalDelivery = (id: number) =>
  until(() => {
    const d = fixture.app.relay.deliveriesOf(id)[0];
    return d && (d.state === 'delivered' || d.state === 'failed') ? d : null;
  }, 15_000, `delivery of request ${id} to settle`);

describe('retries', () => {
  it('a target that fails N times then succeeds gets exactly N+1 attempts, spaced by the backoff', async () => {
    const N = 3;
    const target = await fixture.startTarget((_req, res, i) => {
      res.writeHead(i < N ? 503 : 200);
      res.end(i < N ? 'down' : 'up');
    });
    const app = await fixture.startApp();
    const policy = { maxAttempts: 5, initialIntervalMs: 150, factor: 2, maxIntervalMs: 10_000, timeoutMs: 2000 };
    createEndpoint(app, { name: 'r', slug: 'r', forward: [{ url: target.url }], retry: policy });
    const id = await capture('r');
    const delivery = await finalDelivery(id);
    await new Promise((r) => setTimeout(r, 300));

    expect(delivery.state).toBe('delivered');
    expect(target.received).toHaveLength(N + 1);
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 503, 503, 200]);
    expect(delivery.attempts.map((a) => a.errorClass)).toEqual(['http_5xx', 'http_5xx', 'http_5xx', null]);
    for (let i = 1; i <= N; i++) {
      const gap = target.received[i]!.at - target.received[i - 1]!.at;
      const nominal = nominalDelayMs(policy, i);
      expect(gap, `gap before attempt ${i + 1}`).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
      expect(gap, `gap before attempt ${i + 1}`).toBeLessThanOrEqual(nominal * 1.2 + 80);
    }
    expect(app.requests.summary(id)!.deliveryState).toBe('delivered');
  });

  it('a target that never answers hits the per-attempt timeout', async () => {
    const target = await fixture.startTarget(() => {
      /* never answers */
    });
    const app = await fixture.startApp();
    createEndpoint(app, {
      name: 't',
      slug: 't',
      forward: [{ url: target.url }],
      retry: { maxAttempts: 2, initialIntervalMs: 50, timeoutMs: 300 },
    });
    const id = await capture('t');
    const delivery = await finalDelivery(id);
    expect(delivery.state).toBe('failed');
    expect(delivery.attempts).toHaveLength(2);
    for (const a of delivery.attempts) {
      expect(a.errorClass).toBe('timeout');
      expect(a.status).toBeNull();
      expect(a.durationMs!).toBeGreaterThanOrEqual(290);
      expect(a.durationMs!).toBeLessThan(1500);
    }
    expect(app.requests.summary(id)!.deliveryState).toBe('failed');
  });

  it('honours Retry-After on 429 instead of the backoff', async () => {
    const target = await fixture.startTarget((_req, res, i) => {
      if (i === 0) {
        res.writeHead(429, { 'Retry-After': '1' });
        res.end();
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    const app = await fixture.startApp();
    createEndpoint(app, { name: 'ra', slug: 'ra', forward: [{ url: target.url }], retry: { initialIntervalMs: 10 } });
    const id = await capture('ra');
    const delivery = await finalDelivery(id);
    expect(delivery.state).toBe('delivered');
    const gap = target.received[1]!.at - target.received[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(1500);
  });

  it('treats a non-retryable answer as final, classifies refused connections, and retries failed ones on demand', async () => {
    const target = await fixture.startTarget((_req, res) => {
      res.writeHead(400);
      res.end('nope');
    });
    const closedPort = await freePort();
    const app = await fixture.startApp();
    const ep = createEndpoint(app, {
      name: 'f',
      slug: 'f',
      forward: [{ url: target.url }, { url: `http://127.0.0.1:${closedPort}` }],
      retry: { maxAttempts: 2, initialIntervalMs: 20 },
    });
    const id = await capture('f');
    const settled = await until(() => {
      const ds = app.relay.deliveriesOf(id);
      return ds.length === 2 && ds.every((d) => d.state === 'failed') ? ds : null;
    });
    expect(settled[0]!.attempts.map((a) => [a.status, a.errorClass])).toEqual([[400, 'http_4xx']]);
    expect(settled[1]!.attempts.map((a) => a.errorClass)).toEqual(['connection_refused', 'connection_refused']);
    expect(app.requests.summary(id)!.deliveryState).toBe('failed');

    target.handler = (_req, res) => {
      res.writeHead(200);
      res.end();
    };
    const retried = app.relay.retry(settled[0]!.id)!;
    expect(retried.state).toBe('pending');
    await until(() => app.relay.deliveriesOf(id)[0]!.state === 'delivered');
    expect(app.relay.deliveriesOf(id)[0]!.attempts).toHaveLength(2);

    expect(app.relay.retryFailed(ep.id)).toBe(1);
    const again = await until(() => {
      const d = app.relay.deliveriesOf(id)[1]!;
      return d.state === 'failed' && d.attempts.length === 4 ? d : null;
    });
    // A manual retry grants a fresh budget of maxAttempts.
    expect(again.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('bounds concurrency per target and keeps capture order when the target is ordered', async () => {
    let active = 0;
    let peak = 0;
    const slow = await fixture.startTarget((_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        res.writeHead(200);
        res.end();
      }, 40);
    });
    let failuresLeft = 2;
    const ordered = await fixture.startTarget((req, res) => {
      const first = JSON.parse(req.body.toString()).n === 0;
      if (first && failuresLeft-- > 0) {
        res.writeHead(500);
        return res.end();
      }
      res.writeHead(200);
      res.end();
    });
    const app = await fixture.startApp();
    createEndpoint(app, { name: 'c', slug: 'c', forward: [{ url: slow.url, concurrency: 2 }] });
    createEndpoint(app, {
      name: 'o',
      slug: 'o',
      forward: [{ url: ordered.url, ordered: true }],
      retry: { initialIntervalMs: 50 },
    });
    await Promise.all(Array.from({ length: 10 }, () => capture('c')));
    for (let n = 0; n < 5; n++) await capture('o', JSON.stringify({ n }));
    await slow.waitFor(10);
    await ordered.waitFor(7);
    expect(peak).toBe(2);
    const order = ordered.received.map((r) => JSON.parse(r.body.toString()).n);
    expect(order).toEqual([0, 0, 0, 1, 2, 3, 4]);
  });
});
