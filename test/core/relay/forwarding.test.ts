import { sign, verify } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createEndpoint, relayFixture, until } from '../../support/relay-app';
import { header, send, sha256 } from '../../support/target-server';

const stripe = new Stripe('sk_test_unused');
const fixture = relayFixture();

// Escapes, non-ASCII, odd spacing and key order: anything a re-serialising relay would change.
const BODY = '{"action":"opened",  "emoji":"🎉 ünïcödé","path":"a\\/b","n":1.0e2,"u":"\\u2028"}\n';

describe('forwarding', () => {
  it('delivers the body and signature headers byte-exact, verified by the official SDKs at the target', async () => {
    const secret = 'it-is-a-secret';
    const whsec = 'whsec_test_secret';
    const target = await fixture.startTarget((req, res) => {
      const githubOk = Promise.resolve(verify(secret, req.body.toString('utf8'), header(req.headers, 'X-Hub-Signature-256')!));
      let stripeOk = false;
      try {
        stripe.webhooks.constructEvent(req.body, header(req.headers, 'Stripe-Signature')!, whsec);
        stripeOk = true;
      } catch {
        stripeOk = false;
      }
      void githubOk.then((g) => {
        res.writeHead(g && stripeOk ? 200 : 400, { 'Content-Type': 'text/plain' });
        res.end(g && stripeOk ? 'verified' : 'bad signature');
      });
    });
    const app = await fixture.startApp();
    createEndpoint(app, { name: 'gh', slug: 'gh', forward: [{ url: `${target.url}/hooks` }] });

    const githubSig = await sign(secret, BODY);
    const stripeSig = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: whsec });
    const sent = await send(`${app.receiverUrl}/gh/github/push?x=1&y=%2F`, {
      headers: [
        ['Host', new URL(app.receiverUrl).host],
        ['Content-Type', 'application/json'],
        ['X-GitHub-Event', 'push'],
        ['X-Hub-Signature-256', githubSig],
        ['Stripe-Signature', stripeSig],
        ['X-Custom', 'first'],
        ['x-custom', 'second'],
        ['Connection', 'keep-alive, X-Drop-Me'],
        ['X-Drop-Me', 'hop-by-hop'],
      ],
      body: BODY,
    });
    expect(sent.status).toBe(200);

    const [got] = await target.waitFor(1);
    expect(sha256(got!.body)).toBe(sha256(BODY));
    expect(header(got!.headers, 'X-Hub-Signature-256')).toBe(githubSig);
    expect(header(got!.headers, 'Stripe-Signature')).toBe(stripeSig);
    expect(got!.method).toBe('POST');
    expect(got!.url).toBe('/hooks/github/push?x=1&y=%2F');
    expect(got!.headers.filter(([k]) => k.toLowerCase() === 'x-custom')).toEqual([
      ['X-Custom', 'first'],
      ['x-custom', 'second'],
    ]);
    expect(header(got!.headers, 'X-Drop-Me')).toBeUndefined();
    expect(header(got!.headers, 'Host')).toBe(`127.0.0.1:${target.port}`);
    expect(header(got!.headers, 'X-Forwarded-Host')).toBe(new URL(app.receiverUrl).host);
    expect(header(got!.headers, 'X-Forwarded-Proto')).toBe('http');
    expect(header(got!.headers, 'X-Forwarded-For')).toBe('127.0.0.1');

    const id = Number(header(sent.headers, 'X-Hookbay-Request-Id'));
    const [delivery] = await until(() => {
      const d = app.relay.deliveriesOf(id);
      return d[0]?.state === 'delivered' ? d : null;
    });
    expect(delivery!.attempts).toHaveLength(1);
    const attempt = delivery!.attempts[0]!;
    expect(attempt.status).toBe(200);
    expect(attempt.errorClass).toBeNull();
    expect(Buffer.from(attempt.responseBodyBase64!, 'base64').toString()).toBe('verified');
    expect(attempt.request.url).toBe(`${target.url}/hooks/github/push?x=1&y=%2F`);
    expect(attempt.request.bodySize).toBe(Buffer.byteLength(BODY));
    expect(app.requests.summary(id)!.deliveryState).toBe('delivered');
  });

  it('routes by event type, method and path, so one endpoint fans out to several services', async () => {
    const billing = await fixture.startTarget();
    const everything = await fixture.startTarget();
    const disabled = await fixture.startTarget();
    const app = await fixture.startApp();
    createEndpoint(app, {
      name: 'fan',
      slug: 'fan',
      forward: [
        { url: billing.url, rules: { eventTypes: ['invoice.*'], methods: ['post'], paths: ['/billing'] } },
        { url: everything.url, pathMode: 'replace' },
        { url: disabled.url, enabled: false },
      ],
    });
    const json = (type: string) => JSON.stringify({ type, id: `evt_${type}` });
    await send(`${app.receiverUrl}/fan/billing`, { headers: [['Content-Type', 'application/json']], body: json('invoice.paid') });
    await send(`${app.receiverUrl}/fan/billing/x`, { headers: [['Content-Type', 'application/json']], body: json('customer.created') });
    await send(`${app.receiverUrl}/fan/other`, { headers: [['Content-Type', 'application/json']], body: json('invoice.voided') });
    await everything.waitFor(3);
    await billing.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(billing.received.map((r) => r.url)).toEqual(['/billing']);
    expect(everything.received.map((r) => r.url).sort()).toEqual(['/', '/', '/']);
    expect(disabled.received).toHaveLength(0);
  });
});
