/**
 * The official SDKs as oracles, both ways: their signer → our verifier, our signer → their
 * verifier. Asymmetric SDKs only verify, so we sign with our own key pairs.
 */
import crypto from 'node:crypto';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { verifyKey } from 'discord-interactions';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from '../../../src-main/contract/common';
import type { VerifyConfig } from '../../../src-main/contract/verification';
import { signRequest, verifyRequest } from '../../../src-main/core/signatures';
import { ed25519PrivatePem, ed25519PublicHex, JSON_BODY, p256PrivatePem, p256PublicBase64 } from './fixtures';

const BODY = JSON_BODY.toString('utf8');
const req = (headers: HeaderPairs, body: Buffer = JSON_BODY, query = '') => ({ method: 'POST', path: '/ep', query, headers, body, receivedAt: Date.now() });
const ours = (config: VerifyConfig, body: Buffer = JSON_BODY, publicUrl: string | null = null, headers: HeaderPairs = []) =>
  signRequest({ method: 'POST', path: '/ep', query: '', headers, body }, config, { publicUrl });
const header = (h: HeaderPairs, name: string) => h.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? '';
const asRecord = (h: HeaderPairs) => Object.fromEntries(h.map(([k, v]) => [k.toLowerCase(), v]));

describe('stripe', () => {
  const secret = 'whsec_' + crypto.randomBytes(24).toString('hex');
  it('their signer → our verifier', () => {
    const h = Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret });
    expect(verifyRequest(req([['Stripe-Signature', h]]), { scheme: 'stripe', secrets: [secret] }, { publicUrl: null }).status).toBe('valid');
  });
  it('our signer → their verifier', () => {
    const h = header(ours({ scheme: 'stripe', secrets: [secret] }).headers, 'Stripe-Signature');
    expect(Stripe.webhooks.constructEvent(JSON_BODY, h, secret).id).toBe('evt_1');
    expect(() => Stripe.webhooks.constructEvent(JSON_BODY, h, secret + 'x')).toThrow();
  });
});

describe('svix', () => {
  const secret = 'whsec_' + crypto.randomBytes(24).toString('base64');
  it('their signer → our verifier', () => {
    const sig = new SvixWebhook(secret).sign('msg_1', new Date(), BODY);
    const h: HeaderPairs = [['svix-id', 'msg_1'], ['svix-timestamp', String(Math.floor(Date.now() / 1000))], ['svix-signature', sig]];
    expect(verifyRequest(req(h), { scheme: 'svix', secrets: [secret] }, { publicUrl: null }).status).toBe('valid');
    expect(verifyRequest(req(h), { scheme: 'whippy', secrets: [secret] }, { publicUrl: null }).status).toBe('valid');
  });
  it('our signer → their verifier', () => {
    for (const scheme of ['svix', 'whippy']) {
      const h = ours({ scheme, secrets: [secret] }).headers;
      expect(new SvixWebhook(secret).verify(BODY, asRecord(h))).toEqual(JSON.parse(BODY));
    }
  });
});

describe('standardwebhooks', () => {
  const secret = 'whsec_' + crypto.randomBytes(24).toString('base64');
  it('their signer → our verifier', () => {
    const ts = new Date();
    const sig = new StandardWebhook(secret).sign('msg_9', ts, BODY);
    const h: HeaderPairs = [['webhook-id', 'msg_9'], ['webhook-timestamp', String(Math.floor(ts.getTime() / 1000))], ['webhook-signature', sig]];
    expect(verifyRequest(req(h), { scheme: 'standard-webhooks', secrets: [secret] }, { publicUrl: null }).status).toBe('valid');
  });
  it('our signer → their verifier', () => {
    const h = ours({ scheme: 'standard-webhooks', secrets: [secret] }).headers;
    expect(new StandardWebhook(secret).verify(BODY, asRecord(h))).toEqual(JSON.parse(BODY));
  });
  it('v1a (Ed25519), which the SDK does not check: node:crypto signer → our verifier, ours → node:crypto', () => {
    const pair = crypto.generateKeyPairSync('ed25519');
    const whpk = 'whpk_' + pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
    const seed = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16);
    const whsk = 'whsk_' + seed.toString('base64');
    const ts = String(Math.floor(Date.now() / 1000));
    const content = Buffer.concat([Buffer.from(`msg_a.${ts}.`), JSON_BODY]);
    const sig = crypto.sign(null, content, pair.privateKey).toString('base64');
    const h: HeaderPairs = [['webhook-id', 'msg_a'], ['webhook-timestamp', ts], ['webhook-signature', `v1a,${sig}`]];
    const v = verifyRequest(req(h), { scheme: 'standard-webhooks', secrets: ['whsec_' + Buffer.alloc(24).toString('base64'), whpk] }, { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
    expect(v.matchedSecret?.index).toBe(1);
    const signed = ours({ scheme: 'standard-webhooks', secrets: [whsk] }).headers;
    const item = header(signed, 'webhook-signature');
    expect(item.startsWith('v1a,')).toBe(true);
    const signedContent = Buffer.concat([Buffer.from(`${header(signed, 'webhook-id')}.${header(signed, 'webhook-timestamp')}.`), JSON_BODY]);
    expect(crypto.verify(null, signedContent, pair.publicKey, Buffer.from(item.slice(4), 'base64'))).toBe(true);
  });
});

describe('@octokit/webhooks-methods (GitHub, and the Drippi/DRIP/Bitbucket format)', () => {
  const secret = 'octo_' + crypto.randomBytes(8).toString('hex');
  const headerOf: Record<string, string> = { github: 'X-Hub-Signature-256', drippi: 'X-Drippi-Signature', drip: 'X-Drip-Signature', bitbucket: 'X-Hub-Signature' };
  it.each(Object.keys(headerOf))('%s: their signer → our verifier', async (scheme) => {
    const sig = await octokitSign(secret, BODY);
    expect(verifyRequest(req([[headerOf[scheme]!, sig]]), { scheme, secrets: [secret] }, { publicUrl: null }).status).toBe('valid');
  });
  it.each(Object.keys(headerOf))('%s: our signer → their verifier', async (scheme) => {
    const h = ours({ scheme, secrets: [secret] }).headers;
    expect(await octokitVerify(secret, BODY, header(h, headerOf[scheme]!))).toBe(true);
    expect(await octokitVerify(secret + 'x', BODY, header(h, headerOf[scheme]!))).toBe(false);
  });
});

describe('twilio', () => {
  const token = crypto.randomBytes(16).toString('hex');
  const url = 'https://abc.tunnel.example/twilio?x=1';
  const form = Buffer.from('Body=Hello+there&From=%2B15551234567&To=%2B15557654321&MessageSid=SM1');
  const params = Object.fromEntries(new URLSearchParams(form.toString()));
  const formHeaders: HeaderPairs = [['Content-Type', 'application/x-www-form-urlencoded']];
  it('their signer → our verifier (SHA-1 and the SHA-256 settings header)', () => {
    const sig = twilio.getExpectedTwilioSignature(token, url, params);
    const v = verifyRequest(req([...formHeaders, ['X-Twilio-Signature', sig]], form, 'x=1'), { scheme: 'twilio', secrets: [token] }, { publicUrl: url });
    expect(v.status, v.reason).toBe('valid');
    const sig256 = twilio.getExpectedTwilioSignature(token, url, params, 'HMAC_SHA256');
    const h: HeaderPairs = [...formHeaders, ['X-Twilio-Webhooks-Signature-Settings', 'algorithm=HMAC_SHA256'], ['X-Twilio-Signature', sig256]];
    expect(verifyRequest(req(h, form, 'x=1'), { scheme: 'twilio', secrets: [token] }, { publicUrl: url }).status).toBe('valid');
  });
  it('our signer → their verifier', () => {
    const signed = signRequest({ method: 'POST', path: '/twilio', query: 'x=1', headers: formHeaders, body: form }, { scheme: 'twilio', secrets: [token] }, { publicUrl: url });
    expect(twilio.validateRequest(token, header(signed.headers, 'X-Twilio-Signature'), url, params)).toBe(true);
    expect(twilio.validateRequest(token, header(signed.headers, 'X-Twilio-Signature'), url, { ...params, Body: 'x' })).toBe(false);
  });
});

describe('discord-interactions (own Ed25519 pair)', () => {
  it('node:crypto signer → our verifier and theirs agree', async () => {
    const pair = crypto.createPrivateKey(ed25519PrivatePem);
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = crypto.sign(null, Buffer.concat([Buffer.from(ts), JSON_BODY]), pair).toString('hex');
    expect(await verifyKey(JSON_BODY, sig, ts, ed25519PublicHex)).toBe(true);
    const h: HeaderPairs = [['X-Signature-Ed25519', sig], ['X-Signature-Timestamp', ts]];
    expect(verifyRequest(req(h), { scheme: 'discord', secrets: [ed25519PublicHex] }, { publicUrl: null }).status).toBe('valid');
  });
  it('our signer (private key in options) → their verifier', async () => {
    const h = ours({ scheme: 'discord', secrets: [ed25519PublicHex], options: { privateKey: ed25519PrivatePem } }).headers;
    expect(await verifyKey(JSON_BODY, header(h, 'X-Signature-Ed25519'), header(h, 'X-Signature-Timestamp'), ed25519PublicHex)).toBe(true);
    expect(await verifyKey(Buffer.from(BODY + ' '), header(h, 'X-Signature-Ed25519'), header(h, 'X-Signature-Timestamp'), ed25519PublicHex)).toBe(false);
  });
  it('a configured private key verifies too, and signing with only a public key says why it cannot', () => {
    const h = ours({ scheme: 'discord', secrets: [ed25519PrivatePem] }).headers;
    expect(verifyRequest(req(h), { scheme: 'discord', secrets: [ed25519PublicHex] }, { publicUrl: null }).status).toBe('valid');
    expect(() => ours({ scheme: 'discord', secrets: [ed25519PublicHex] })).toThrow(/private key/);
  });
});

describe('@sendgrid/eventwebhook (own P-256 pair)', () => {
  const ew = new EventWebhook();
  it('node:crypto signer → our verifier and theirs agree', () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = crypto.sign('sha256', Buffer.concat([Buffer.from(ts), JSON_BODY]), crypto.createPrivateKey(p256PrivatePem)).toString('base64');
    expect(ew.verifySignature(ew.convertPublicKeyToECDSA(p256PublicBase64), BODY, sig, ts)).toBe(true);
    const h: HeaderPairs = [['X-Twilio-Email-Event-Webhook-Signature', sig], ['X-Twilio-Email-Event-Webhook-Timestamp', ts]];
    expect(verifyRequest(req(h), { scheme: 'sendgrid', secrets: [p256PublicBase64] }, { publicUrl: null }).status).toBe('valid');
  });
  it('our signer → their verifier', () => {
    const h = ours({ scheme: 'sendgrid', secrets: [p256PublicBase64], options: { privateKey: p256PrivatePem } }).headers;
    const key = ew.convertPublicKeyToECDSA(p256PublicBase64);
    const sig = header(h, 'X-Twilio-Email-Event-Webhook-Signature');
    const ts = header(h, 'X-Twilio-Email-Event-Webhook-Timestamp');
    expect(ew.verifySignature(key, BODY, sig, ts)).toBe(true);
    expect(ew.verifySignature(key, BODY + ' ', sig, ts)).toBe(false);
  });
});
