/** Each usual mistake, committed on purpose: the verdict must name it. */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from '../../../src-main/contract/common';
import type { VerifyConfig } from '../../../src-main/contract/verification';
import { verifyRequest } from '../../../src-main/core/signatures';
import { MISTAKES } from '../../../src-main/core/signatures/diagnosis';
import { expectOneSentence, JSON_BODY, NOW } from './fixtures';

const hmac = (alg: string, key: crypto.BinaryLike, data: crypto.BinaryLike) => crypto.createHmac(alg, key).update(data);
const req = (headers: HeaderPairs, body: Buffer = JSON_BODY) => ({ method: 'POST', path: '/ep', query: '', headers: [['Host', 'hooks.example.com'], ...headers] as HeaderPairs, body, receivedAt: NOW });
const compact = Buffer.from(JSON.stringify(JSON.parse(JSON_BODY.toString())));
const pretty = Buffer.from(JSON.stringify(JSON.parse(JSON_BODY.toString()), null, 2));
const ts = String(Math.floor(NOW / 1000));
const stripeHeader = (key: crypto.BinaryLike, body: Buffer, t = ts) => `t=${t},v1=${hmac('sha256', key, Buffer.concat([Buffer.from(`${t}.`), body])).digest('hex')}`;

function diagnosisOf(headers: HeaderPairs, config: VerifyConfig, opts: { body?: Buffer; publicUrl?: string | null; others?: { label: string; secret: string }[] } = {}) {
  const v = verifyRequest(req(headers, opts.body), config, { publicUrl: opts.publicUrl ?? null, now: NOW, otherSecrets: opts.others });
  expect(v.status, v.reason).toBe('invalid');
  expectOneSentence(v.reason);
  return v;
}

describe('diagnosis of invalid signatures', () => {
  it('body re-serialized as compact JSON', () => {
    const v = diagnosisOf([['Stripe-Signature', stripeHeader('whsec_abc', compact)]], { scheme: 'stripe', secrets: ['whsec_abc'] }, { body: pretty });
    expect(v.details.diagnosis).toBe('compact-json');
    expect(v.reason).toMatch(/compact JSON/);
  });

  it('body re-serialized as pretty JSON', () => {
    const sig = hmac('sha256', 'k', pretty).digest('hex');
    const v = diagnosisOf([['X-Drippi-Signature', `sha256=${sig}`]], { scheme: 'drippi', secrets: ['k'] }, { body: compact });
    expect(v.details.diagnosis).toBe('pretty-json');
    expect(v.reason).toMatch(/pretty-printed JSON/);
  });

  it('secret pasted with surrounding whitespace', () => {
    const v = diagnosisOf([['Stripe-Signature', stripeHeader('whsec_abc', JSON_BODY)]], { scheme: 'stripe', secrets: ['whsec_abc\n'] });
    expect(v.details.diagnosis).toBe('secret-whitespace');
    expect(v.reason).toMatch(/Secret #1 has surrounding whitespace/);
  });

  it('whsec_ decoded where the scheme keys with the raw string (Svix signer, Stripe scheme)', () => {
    const secret = 'whsec_' + Buffer.from('svix-style-key-bytes-000').toString('base64');
    const key = Buffer.from(secret.slice(6), 'base64');
    const v = diagnosisOf([['Stripe-Signature', stripeHeader(key, JSON_BODY)]], { scheme: 'stripe', secrets: [secret] });
    expect(v.details.diagnosis).toBe('whsec-decoding');
    expect(v.reason).toMatch(/base64-decoded part after `whsec_`/);
  });

  it('whsec_ used raw where the scheme decodes it (Stripe-style signer, Svix scheme)', () => {
    const secret = 'whsec_' + Buffer.from('svix-style-key-bytes-000').toString('base64');
    const sig = hmac('sha256', secret, Buffer.concat([Buffer.from(`msg_1.${ts}.`), JSON_BODY])).digest('base64');
    const v = diagnosisOf([['svix-id', 'msg_1'], ['svix-timestamp', ts], ['svix-signature', `v1,${sig}`]], { scheme: 'svix', secrets: [secret] });
    expect(v.details.diagnosis).toBe('whsec-decoding');
    expect(v.reason).toMatch(/whole secret string/);
  });

  it('hex digest where base64 is expected', () => {
    const sig = hmac('sha256', 'shpss_1', JSON_BODY).digest('hex');
    const v = diagnosisOf([['X-Shopify-Hmac-Sha256', sig]], { scheme: 'shopify', secrets: ['shpss_1'] });
    expect(v.details.diagnosis).toBe('encoding');
    expect(v.reason).toMatch(/hex where this scheme expects base64/);
  });

  it('base64 digest where hex is expected', () => {
    const sig = hmac('sha256', 'gh', JSON_BODY).digest('base64');
    const v = diagnosisOf([['X-Hub-Signature-256', `sha256=${sig}`]], { scheme: 'github', secrets: ['gh'] });
    expect(v.details.diagnosis).toBe('encoding');
  });

  it('SHA-1 where SHA-256 is expected (X-Hub-Signature: Intercom sender, Bitbucket scheme)', () => {
    const sig = hmac('sha1', 'k', JSON_BODY).digest('hex');
    const v = diagnosisOf([['X-Hub-Signature', `sha256=${sig}`]], { scheme: 'bitbucket', secrets: ['k'] });
    expect(v.details.diagnosis).toBe('algorithm');
    expect(v.reason).toMatch(/HMAC-SHA1, not HMAC-SHA256/);
  });

  it('SHA-256 where SHA-1 is expected (Vercel)', () => {
    const sig = hmac('sha256', 'k', JSON_BODY).digest('hex');
    const v = diagnosisOf([['x-vercel-signature', sig]], { scheme: 'vercel', secrets: ['k'] });
    expect(v.details.diagnosis).toBe('algorithm');
    expect(v.reason).toMatch(/HMAC-SHA256, not HMAC-SHA1/);
  });

  it('timestamp signed in milliseconds but sent in seconds', () => {
    const sig = hmac('sha256', 'sl', `v0:${NOW}:${JSON_BODY.toString()}`).digest('hex');
    const v = diagnosisOf([['X-Slack-Request-Timestamp', ts], ['X-Slack-Signature', `v0=${sig}`]], { scheme: 'slack', secrets: ['sl'] });
    expect(v.details.diagnosis).toBe('timestamp-unit');
    expect(v.reason).toMatch(/signed the timestamp in milliseconds but sent it in seconds/);
  });

  it('timestamp in milliseconds where seconds are expected → expired, with the unit named', () => {
    const sig = hmac('sha256', 'sl', `v0:${NOW}:${JSON_BODY.toString()}`).digest('hex');
    const v = verifyRequest(req([['X-Slack-Request-Timestamp', String(NOW)], ['X-Slack-Signature', `v0=${sig}`]]), { scheme: 'slack', secrets: ['sl'] }, { publicUrl: null, now: NOW });
    expect(v.status).toBe('expired');
    expect(v.details.diagnosis).toBe('timestamp-unit');
    expect(v.reason).toMatch(/looks like milliseconds/);
  });

  it('URL-bound: the provider called http:// while the public URL says https://', () => {
    const sig = hmac('sha256', 'sq', Buffer.concat([Buffer.from('http://hooks.example.com/ep'), JSON_BODY])).digest('base64');
    const v = diagnosisOf([['x-square-hmacsha256-signature', sig]], { scheme: 'square', secrets: ['sq'] }, { publicUrl: 'https://hooks.example.com/ep' });
    expect(v.details.diagnosis).toBe('url');
    expect(v.reason).toContain('http://hooks.example.com/ep');
  });

  it('URL-bound: the provider signed without the port the public URL has (HubSpot)', () => {
    const ms = String(NOW);
    const sig = hmac('sha256', 'hs', Buffer.concat([Buffer.from('POSThttps://hooks.example.com/ep'), JSON_BODY, Buffer.from(ms)])).digest('base64');
    const v = diagnosisOf([['X-HubSpot-Request-Timestamp', ms], ['X-HubSpot-Signature-v3', sig]], { scheme: 'hubspot', secrets: ['hs'] }, { publicUrl: 'https://hooks.example.com:8443/ep' });
    expect(v.details.diagnosis).toBe('url');
    expect(v.reason).toContain('https://hooks.example.com/ep');
  });

  it('twilio: a different URL scheme is named', () => {
    const sig = hmac('sha1', 'tw', 'http://hooks.example.com/ep').digest('base64');
    const v = diagnosisOf([['X-Twilio-Signature', sig]], { scheme: 'twilio', secrets: ['tw'] }, { body: Buffer.alloc(0), publicUrl: 'https://hooks.example.com/ep' });
    expect(v.details.diagnosis).toBe('url');
  });

  it('signed with the secret of another endpoint', () => {
    const v = diagnosisOf([['Stripe-Signature', stripeHeader('whsec_live', JSON_BODY)]], { scheme: 'stripe', secrets: ['whsec_test'] }, { others: [{ label: 'stripe-live', secret: 'whsec_live' }] });
    expect(v.details.diagnosis).toBe('other-secret');
    expect(v.reason).toContain('"stripe-live"');
    expect(v.reason).not.toContain('whsec_live');
  });

  it('nothing explains it: "the secret is wrong"', () => {
    const v = diagnosisOf([['Stripe-Signature', stripeHeader('whsec_other', JSON_BODY)]], { scheme: 'stripe', secrets: ['whsec_mine', 'whsec_old'] });
    expect(v.details.diagnosis).toBe('wrong-secret');
    expect(v.reason).toMatch(/any of the 2 configured secrets.*secret is wrong/);
  });

  it('asymmetric: a re-serialized body is named for Ed25519 too', () => {
    const pair = crypto.generateKeyPairSync('ed25519');
    const pub = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
    const sig = crypto.sign(null, Buffer.concat([Buffer.from(ts), compact]), pair.privateKey).toString('hex');
    const v = diagnosisOf([['X-Signature-Ed25519', sig], ['X-Signature-Timestamp', ts]], { scheme: 'discord', secrets: [pub] }, { body: pretty });
    expect(v.details.diagnosis).toBe('compact-json');
  });

  it('a secret that is not a usable key says so', () => {
    const v = verifyRequest(req([['X-Signature-Ed25519', 'ab'.repeat(64)], ['X-Signature-Timestamp', ts]]), { scheme: 'discord', secrets: ['not a key'] }, { publicUrl: null });
    expect(v.status).toBe('invalid');
    expect(v.details.diagnosis).toBe('unusable-secret');
  });

  it('every diagnosis kind above is exercised', () => {
    // Guard: adding a mistake kind without a test here fails this list.
    expect(Object.keys(MISTAKES).sort()).toEqual(
      ['algorithm', 'compact-json', 'encoding', 'other-secret', 'pretty-json', 'secret-whitespace', 'timestamp-unit', 'url', 'whsec-decoding'].sort(),
    );
  });

  it('expired reasons are one sentence too', () => {
    const sig = hmac('sha256', 'sl', `v0:${NOW}:${JSON_BODY.toString()}`).digest('hex');
    const v = verifyRequest(req([['X-Slack-Request-Timestamp', String(NOW)], ['X-Slack-Signature', `v0=${sig}`]]), { scheme: 'slack', secrets: ['sl'] }, { publicUrl: null, now: NOW });
    expectOneSentence(v.reason);
  });
});
