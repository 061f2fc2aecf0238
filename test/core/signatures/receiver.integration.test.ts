/** Through the real receiver: a real HTTP POST, a real SQLite file, the stored verdict. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../src-main/contract';
import { HookbayError } from '../../../src-main/core/errors';
import { Hookbay } from '../../../src-main/core/hookbay';
import { createHandlers } from '../../../src-main/core/service';
import { signatureWork } from '../../../src-main/core/signatures/algorithms';
import { reverifyEndpoint } from '../../../src-main/core/signatures/reverify';

let app: Hookbay;
let h: Handlers;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-sig-'));
  app = await Hookbay.start({ dataDir: dir, receiverPort: 0 });
  h = createHandlers(app);
});

afterEach(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const BODY = '{"id":"evt_1","object":"event","type":"invoice.paid","data":{"object":{"amount_paid":1200}}}';
const SECRET = 'whsec_integration_0123456789abcdef';

async function post(slug: string, headers: Record<string, string>, body = BODY): Promise<number> {
  const res = await fetch(`${app.receiverUrl}/${slug}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
  return Number(res.headers.get('X-Hookbay-Request-Id'));
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('verification through the receiver', () => {
  it('stores the verdict with every capture and recomputes it when the secrets change', async () => {
    await h.createEndpoint({ name: 'Stripe live', slug: 'stripe', verify: { scheme: 'stripe', secrets: [SECRET] } });
    const header = Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET });
    const good = await post('stripe', { 'Stripe-Signature': header });
    const bad = await post('stripe', { 'Stripe-Signature': header }, BODY.replace('1200', '1201'));
    const unsigned = await post('stripe', {});

    const stored = await h.getRequest({ id: good });
    expect(stored.verification.status).toBe('valid');
    expect(stored.verification.matchedSecret).toEqual({ index: 0, preview: 'whsec_…cdef' });
    expect(stored.verificationStatus).toBe('valid');
    expect(JSON.stringify(stored.verification)).not.toContain(SECRET);
    expect((await h.getRequest({ id: bad })).verification.status).toBe('invalid');
    expect((await h.getRequest({ id: unsigned })).verification.status).toBe('missing');
    expect((await h.getFacets({})).signature).toEqual(
      expect.arrayContaining([{ value: 'valid', count: 1 }, { value: 'invalid', count: 1 }, { value: 'missing', count: 1 }]),
    );

    const updates: number[] = [];
    app.events.subscribe((e) => e.type === 'request.updated' && updates.push(e.request.id));
    await h.updateEndpoint({ id: 'stripe', verify: { scheme: 'stripe', secrets: ['whsec_rotated_new_secret_0000', SECRET] } });
    const rotated = await until(() => h.getRequest({ id: good }), (r) => r.verification.matchedSecret?.index === 1);
    expect(rotated.verification.status).toBe('valid');
    expect(rotated.verification.reason).toContain('secret #2');
    expect(updates).toContain(good);

    await h.updateEndpoint({ id: 'stripe', verify: { scheme: 'stripe', secrets: ['whsec_wrong_secret_entirely_00'] } });
    const wrong = await until(() => h.getRequest({ id: good }), (r) => r.verification.status === 'invalid');
    expect(wrong.verification.status).toBe('invalid');

    // On-demand re-verification, e.g. against a different "now": tolerance ignored verifies old captures.
    await h.updateEndpoint({ id: 'stripe', verify: { scheme: 'stripe', secrets: [SECRET], toleranceSec: null } });
    await until(() => h.getRequest({ id: good }), (r) => r.verification.status === 'valid');
    const again = await h.verifyRequest({ id: good });
    expect(again.status).toBe('valid');
  });

  it('names the other endpoint whose secret signed the request', async () => {
    await h.createEndpoint({ name: 'Stripe test', slug: 'stripe-test', verify: { scheme: 'stripe', secrets: ['whsec_test_mode_secret_1234'] } });
    await h.createEndpoint({ name: 'Stripe live', slug: 'stripe-live', verify: { scheme: 'stripe', secrets: [SECRET] } });
    const id = await post('stripe-test', { 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET }) });
    const v = (await h.getRequest({ id })).verification;
    expect(v.details.diagnosis).toBe('other-secret');
    expect(v.reason).toContain('"Stripe live"');
  });

  it('sends signed sample events of every seed provider, and tampered ones fail', async () => {
    const samples = await h.listSampleEvents({});
    expect([...new Set(samples.map((s) => s.provider))]).toEqual(expect.arrayContaining(['drippi', 'drip', 'sendpilot', 'dropcowboy', 'whippy']));
    for (const provider of ['drippi', 'drip', 'sendpilot', 'dropcowboy', 'whippy']) {
      const secret = provider === 'whippy' ? 'whsec_' + Buffer.from('whippy-api-key-bytes-0001').toString('base64') : `${provider}-secret-abcdef012345`;
      await h.createEndpoint({ name: provider, slug: provider, verify: { scheme: provider, secrets: [secret] } });
      for (const sample of samples.filter((s) => s.provider === provider)) {
        const sent = await h.sendTestEvent({ id: provider, provider, eventType: sample.eventType });
        expect(sent.status).toBe(200);
        const stored = await h.getRequest({ id: sent.requestId! });
        expect(stored.verification.status, `${provider} ${sample.eventType}: ${stored.verification.reason}`).toBe('valid');
        expect(stored.eventType).toBe(sample.eventType);
      }
      const tampered = await h.sendTestEvent({ id: provider, provider, eventType: samples.find((s) => s.provider === provider)!.eventType, tamper: true });
      const v = (await h.getRequest({ id: tampered.requestId! })).verification;
      expect(v.status, `${provider} tampered: ${v.reason}`).toBe('invalid');
    }
  });

  it('test events for URL-bound schemes use the tunnel URL when one is open', async () => {
    await h.createEndpoint({ name: 'Square', slug: 'square', verify: { scheme: 'square', secrets: ['sq_key_0001'] } });
    const local = await h.sendTestEvent({ id: 'square', provider: 'drip', eventType: 'member.joined' });
    expect((await h.getRequest({ id: local.requestId! })).verification.status).toBe('valid');
    app.publicBaseUrl = 'https://abc.tunnel.example';
    const viaTunnel = await h.sendTestEvent({ id: 'square', provider: 'drip', eventType: 'member.joined' });
    const v = (await h.getRequest({ id: viaTunnel.requestId! })).verification;
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.url).toBe('https://abc.tunnel.example/square');
  });

  it('rejects an unknown scheme or invalid custom options, naming the field', async () => {
    const issuesOf = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(HookbayError);
      expect((err as HookbayError).code).toBe('invalid_input');
      return (err as HookbayError).issues!.map((i) => i.path);
    };
    expect(await issuesOf(h.createEndpoint({ name: 'x', slug: 'x', verify: { scheme: 'stripee', secrets: [] } }))).toEqual(['verify.scheme']);
    expect(await issuesOf(h.createEndpoint({ name: 'x', slug: 'x', verify: { scheme: 'custom', secrets: [], options: { signatureHeader: 'X-S', content: '{bdy}' } } }))).toEqual(['verify.options.content']);
    await h.createEndpoint({ name: 'y', slug: 'y' });
    expect(await issuesOf(h.updateEndpoint({ id: 'y', verify: { scheme: 'custom', secrets: [], options: { signatureHeader: 'X-S', encoding: 'base32' } } }))).toEqual(['verify.options.encoding']);
  });

  it('recomputes in chunks without losing captures that arrive meanwhile', async () => {
    await h.createEndpoint({ name: 'Many', slug: 'many', verify: { scheme: 'drippi', secrets: ['k'] } });
    const ids = await Promise.all(Array.from({ length: 450 }, () => post('many', { 'X-Drippi-Signature': 'sha256=' + '0'.repeat(64) })));
    app.endpoints.update(app.endpoints.byIdOrSlug('many')!.id, { verify: null });
    const run = reverifyEndpoint(app, app.endpoints.byIdOrSlug('many')!.id);
    const during = await post('many', {});
    expect(await run).toBe(450);
    expect((await h.getRequest({ id: ids[0]! })).verification.status).toBe('unverified');
    expect((await h.getRequest({ id: during })).verification.status).toBe('unverified');
  });

  it('a stuffed header on a large body: bounded at capture, diagnosis deferred, completed when the request is opened', async () => {
    await h.createEndpoint({ name: 'Stripe big', slug: 'big', verify: { scheme: 'stripe', secrets: [SECRET] } });
    const body = JSON.stringify({ blob: 'x'.repeat(4 * 1024 * 1024) });
    const t = Math.floor(Date.now() / 1000);
    const stuffing = Array.from({ length: 700 }, (_, i) => `v1=${i.toString(16).padStart(64, '0')}`).join(',');
    const before = signatureWork.operations;
    const id = await post('big', { 'Stripe-Signature': `t=${t},${stuffing}` }, body);
    // The base check and nothing else: the diagnosis would re-hash 4 MB per variant.
    expect(signatureWork.operations - before).toBeLessThanOrEqual(1);
    const stored = app.requests.get(id)!;
    expect(stored.verification).toMatchObject({ status: 'invalid', details: { diagnosis: 'deferred', signatures: 700, signaturesChecked: 16 } });
    expect(stored.verification!.reason).toContain('700 signature candidates, only the first 16 checked');
    const opened = await h.getRequest({ id });
    expect(opened.verification.details.diagnosis).toBe('wrong-secret');
    expect(app.requests.get(id)!.verification!.details.diagnosis).toBe('wrong-secret');
  });
});
