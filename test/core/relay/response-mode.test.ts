import { describe, expect, it } from 'vitest';
import { createEndpoint, relayFixture } from '../../support/relay-app';
import { freePort, header, send } from '../../support/target-server';

const fixture = relayFixture();

const fallback = { status: 202, headers: [['Content-Type', 'text/plain']] as [string, string][], body: 'fallback' };

describe('response mode "wait"', () => {
  it("passes the first target's answer back to the sender (Slack url_verification)", async () => {
    const slackApp = await fixture.startTarget((req, res) => {
      const { challenge } = JSON.parse(req.body.toString()) as { challenge: string };
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Local-App': 'yes' });
      res.end(JSON.stringify({ challenge }));
    });
    const app = await fixture.startApp();
    createEndpoint(app, {
      name: 'slack',
      slug: 'slack',
      forward: [{ url: slackApp.url }],
      response: fallback,
      responseMode: { mode: 'wait', timeoutMs: 2000 },
    });
    const res = await send(`${app.receiverUrl}/slack/events`, {
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify({ type: 'url_verification', challenge: 'c-123' }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ challenge: 'c-123' });
    expect(header(res.headers, 'X-Local-App')).toBe('yes');
    expect(header(res.headers, 'Content-Type')).toBe('application/json');
    expect(header(res.headers, 'X-Hookbay-Request-Id')).toBeDefined();
  });

  it('falls back to the configured response when the target is too slow or down', async () => {
    const slow = await fixture.startTarget((_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end('late');
      }, 1500);
    });
    const app = await fixture.startApp();
    createEndpoint(app, {
      name: 'slow',
      slug: 'slow',
      forward: [{ url: slow.url }],
      response: fallback,
      responseMode: { mode: 'wait', timeoutMs: 300 },
    });
    createEndpoint(app, {
      name: 'down',
      slug: 'down',
      forward: [{ url: `http://127.0.0.1:${await freePort()}` }],
      response: fallback,
      responseMode: { mode: 'wait', timeoutMs: 5000 },
    });
    const t0 = Date.now();
    const late = await send(`${app.receiverUrl}/slow`, { body: 'x' });
    expect(Date.now() - t0).toBeLessThan(1200);
    expect([late.status, late.body.toString()]).toEqual([202, 'fallback']);
    const t1 = Date.now();
    const down = await send(`${app.receiverUrl}/down`, { body: 'x' });
    expect(Date.now() - t1).toBeLessThan(1000);
    expect([down.status, down.body.toString()]).toEqual([202, 'fallback']);
  });
});
