import { verify as octokitVerify } from '@octokit/webhooks-methods';
import crypto from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRequest } from '../../src-main/core/signatures';
import { SAMPLE_EVENTS } from '../../src-main/core/signatures/samples';
import { signedTestEvent } from '../../src-main/core/signatures/test-event';
import { runCli } from '../support/cli-process';
import { startTarget, type ReceivedRequest, type TargetServer } from '../support/target-server';

const WHSEC = 'whsec_' + Buffer.from('hookbay-trigger-test-key-0123456789').toString('base64');
const header = (r: ReceivedRequest, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
const lowerHeaders = (r: ReceivedRequest) => Object.fromEntries(r.headers.map(([k, v]) => [k.toLowerCase(), v]));

/** What each provider's official SDK (node:crypto where none verifies) says about a received request. */
const OFFICIAL: Record<string, { secret: string; accepts(r: ReceivedRequest, secret: string): Promise<boolean> | boolean }> = {
  stripe: {
    secret: 'whsec_trigger_test_0123456789abcdef',
    accepts: (r, secret) => Boolean(new Stripe('sk_test_x').webhooks.constructEvent(r.body.toString(), header(r, 'stripe-signature'), secret)),
  },
  github: { secret: 'github-trigger-secret', accepts: (r, secret) => octokitVerify(secret, r.body.toString(), header(r, 'x-hub-signature-256')) },
  svix: { secret: WHSEC, accepts: (r, secret) => Boolean(new SvixWebhook(secret).verify(r.body.toString(), lowerHeaders(r))) },
  'standard-webhooks': { secret: WHSEC, accepts: (r, secret) => Boolean(new StandardWebhook(secret).verify(r.body.toString(), lowerHeaders(r))) },
  // Shopify and Slack publish the algorithm, not a Node verifier: their documented recipe.
  shopify: {
    secret: 'shpss_trigger_secret',
    accepts: (r, secret) => crypto.createHmac('sha256', secret).update(r.body).digest('base64') === header(r, 'x-shopify-hmac-sha256'),
  },
  slack: {
    secret: 'slack-signing-secret-0123',
    accepts: (r, secret) =>
      'v0=' + crypto.createHmac('sha256', secret).update(`v0:${header(r, 'x-slack-request-timestamp')}:${r.body.toString()}`).digest('hex') === header(r, 'x-slack-signature'),
  },
};

let target: TargetServer;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

let sent = 0;
async function trigger(provider: string, eventType: string, secret: string | null): Promise<ReceivedRequest> {
  // Its own path, so concurrent sends are told apart.
  const path = `/hooks/${++sent}`;
  const r = await runCli(['trigger', provider, eventType, '--to', `${target.url}${path}`, ...(secret ? ['--secret', secret] : [])]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^<-- 200 {2}\d+ ms$/m);
  for (;;) {
    const got = target.received.find((x) => x.url === path);
    if (got) return got;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs `fn` over `items`, two at a time (two cores, shared). */
async function pairwise<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 2) await Promise.all(items.slice(i, i + 2).map(fn));
}

describe('hookbay trigger', () => {
  it('has samples of the common providers, the standards and the five seed providers', () => {
    const providers = new Set(SAMPLE_EVENTS.map((s) => s.provider));
    for (const p of ['stripe', 'github', 'shopify', 'slack', 'standard-webhooks', 'svix', 'drippi', 'drip', 'sendpilot', 'dropcowboy', 'whippy']) expect(providers).toContain(p);
    const keys = SAMPLE_EVENTS.map((s) => `${s.provider} ${s.eventType}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sends an event of each SDK provider signed so that the official SDK accepts it', async () => {
    const firsts = [...new Map(SAMPLE_EVENTS.filter((s) => OFFICIAL[s.provider]).map((s) => [s.provider, s] as const).reverse()).values()];
    await pairwise(firsts, async (s) => {
      const { secret, accepts } = OFFICIAL[s.provider]!;
      const got = await trigger(s.provider, s.eventType, secret);
      expect(await accepts(got, secret), `${s.provider} ${s.eventType}`).toBe(true);
      expect(await Promise.resolve().then(() => accepts(got, secret + 'x')).catch(() => false), 'a wrong secret is refused').toBe(false);
      for (const [name, value] of s.headers ?? []) expect(header(got, name.toLowerCase())).toBe(value);
      expect(got.body.toString()).toBe(s.body);
    });
  });

  it('signs every sample of those providers so that the SDK accepts it (same code, in process)', async () => {
    for (const s of SAMPLE_EVENTS.filter((x) => OFFICIAL[x.provider])) {
      const { secret, accepts } = OFFICIAL[s.provider]!;
      const { headers, body } = signedTestEvent(s, { verify: { scheme: s.scheme, secrets: [secret] }, path: '/', url: 'http://127.0.0.1/', tamper: false, now: Date.now() });
      expect(await accepts({ method: 'POST', url: '/', headers, body, at: 0 }, secret), `${s.provider} ${s.eventType}`).toBe(true);
    }
  });

  it('signs a sample of every other provider as its scheme verifies it', async () => {
    const others = [...new Map(SAMPLE_EVENTS.filter((s) => !OFFICIAL[s.provider]).map((s) => [s.provider, s])).values()];
    await pairwise(others, async (s) => {
      const secret = s.scheme === 'whippy' ? WHSEC : `${s.provider}-secret-abcdef012345`;
      const got = await trigger(s.provider, s.eventType, secret);
      const v = verifyRequest(
        { method: got.method, path: got.url, query: '', headers: got.headers, body: got.body, receivedAt: Date.now() },
        { scheme: s.scheme, secrets: [secret] },
        { publicUrl: `${target.url}${got.url}` },
      );
      expect(v.status, `${s.provider}: ${v.reason}`).toBe('valid');
    });
  });

  it('lists providers and events; sends unsigned without a secret', async () => {
    const list = await runCli(['trigger', '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^stripe invoice\.paid\s+An invoice was paid/m);
    const got = await trigger('github', 'push', null);
    expect(header(got, 'x-hub-signature-256')).toBe('');
  });

  it.each([
    [['nope', 'x', '--to', 'http://127.0.0.1:1'], /unknown provider "nope"/],
    [['stripe', 'nope', '--to', 'http://127.0.0.1:1'], /stripe has no sample "nope"; expected one of invoice\.paid/],
    [['stripe', 'invoice.paid'], /--to is required/],
    [['stripe', 'invoice.paid', '--to', 'mailto:x'], /--to: expected a port \(3000\), host:port \(localhost:3000\/hooks\) or an http\(s\) URL, got "mailto:x"/],
  ])('exits 2 for %j', async (args, message) => {
    const r = await runCli(['trigger', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 1 when the target cannot be reached', async () => {
    const closed = await startTarget();
    await closed.close();
    const r = await runCli(['trigger', 'stripe', 'invoice.paid', '--to', `${closed.url}/x`, '--secret', 'whsec_x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`could not send to ${closed.url}/x: ECONNREFUSED`);
  });
});
