import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from '../../../src-main/contract/common';
import { resignRequest, SCHEMES, signRequest, SigningError, verifyRequest } from '../../../src-main/core/signatures';
import { ed25519PrivatePem, FIXTURES, JSON_BODY, NOW, p256PrivatePem, PUBLIC_URL } from './fixtures';

const PRIVATE_KEYS: Record<string, string> = { discord: ed25519PrivatePem, sendgrid: p256PrivatePem };

describe('our signer → our verifier, for every scheme', () => {
  it.each(FIXTURES.map((f) => [f.scheme, f] as const))('%s', (_id, f) => {
    const base = { method: 'POST', path: '/ep', query: '', headers: (f.contentType ? [['Content-Type', f.contentType]] : []) as HeaderPairs, body: f.scheme === 'linear' ? f.sign(JSON_BODY, NOW).body : (f.body ?? JSON_BODY) };
    const config = { scheme: f.scheme, secrets: [f.secret], ...(PRIVATE_KEYS[f.scheme] ? { options: { privateKey: PRIVATE_KEYS[f.scheme] } } : {}) };
    const signed = signRequest(base, config, { publicUrl: PUBLIC_URL, now: NOW });
    const req = { ...base, headers: [...base.headers, ...signed.headers], body: signed.body ?? base.body, receivedAt: NOW };
    const v = verifyRequest(req, config, { publicUrl: PUBLIC_URL });
    expect(v.status, v.reason).toBe('valid');
  });
});

describe('resignRequest', () => {
  const f = FIXTURES.find((x) => x.scheme === 'stripe')!;
  const old = f.sign(JSON_BODY, NOW - 86_400_000);
  const captured = { method: 'POST', path: '/ep', query: '', headers: [['Content-Type', 'application/json'], ['X-Custom', 'keep'], ...old.headers] as HeaderPairs, body: JSON_BODY };

  it('replaces the signature headers with fresh ones and keeps every other header in order', () => {
    const headers = resignRequest(captured, { scheme: 'stripe', secrets: [f.secret] }, { publicUrl: null, now: NOW });
    expect(headers.slice(0, 2)).toEqual([['Content-Type', 'application/json'], ['X-Custom', 'keep']]);
    expect(headers.filter(([k]) => k.toLowerCase() === 'stripe-signature')).toHaveLength(1);
    const v = verifyRequest({ ...captured, headers, receivedAt: NOW }, { scheme: 'stripe', secrets: [f.secret] }, { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
    expect(verifyRequest({ ...captured, receivedAt: NOW }, { scheme: 'stripe', secrets: [f.secret] }, { publicUrl: null }).status).toBe('expired');
  });

  it('re-signs an edited body', () => {
    const body = Buffer.from('{"edited":true}');
    const headers = resignRequest({ ...captured, body }, { scheme: 'stripe', secrets: [f.secret] }, { publicUrl: null, now: NOW });
    expect(verifyRequest({ ...captured, body, headers, receivedAt: NOW }, { scheme: 'stripe', secrets: [f.secret] }, { publicUrl: null }).status).toBe('valid');
  });

  it('keeps the message id of id-bearing schemes (idempotency survives a replay)', () => {
    const sv = FIXTURES.find((x) => x.scheme === 'standard-webhooks')!;
    const s = sv.sign(JSON_BODY, NOW - 86_400_000);
    const headers = resignRequest({ ...captured, headers: s.headers }, { scheme: 'standard-webhooks', secrets: [sv.secret] }, { publicUrl: null, now: NOW });
    expect(headers.find(([k]) => k === 'webhook-id')![1]).toBe(s.headers.find(([k]) => k === 'webhook-id')![1]);
    expect(headers.filter(([k]) => k.toLowerCase() === 'webhook-timestamp')).toHaveLength(1);
  });

  it('auto re-signs with the detected provider', () => {
    const headers = resignRequest(captured, { scheme: 'auto', secrets: [f.secret] }, { publicUrl: null, now: NOW });
    expect(verifyRequest({ ...captured, headers, receivedAt: NOW }, { scheme: 'stripe', secrets: [f.secret] }, { publicUrl: null }).status).toBe('valid');
  });

  it('explains what it cannot do', () => {
    expect(() => resignRequest(captured, { scheme: 'mailgun', secrets: ['k'] }, { publicUrl: null })).toThrow(SigningError);
    expect(() => resignRequest(captured, { scheme: 'square', secrets: ['k'] }, { publicUrl: null })).toThrow(/public URL/);
    expect(() => resignRequest(captured, { scheme: 'discord', secrets: [FIXTURES.find((x) => x.scheme === 'discord')!.secret] }, { publicUrl: null })).toThrow(/private key/);
    expect(() => resignRequest({ ...captured, headers: [] }, { scheme: 'auto', secrets: ['k'] }, { publicUrl: null })).toThrow(/detect/);
  });

  it('custom schemes re-sign with their own headers', () => {
    const options = SCHEMES.slack.preset!;
    const headers = resignRequest(captured, { scheme: 'custom', secrets: ['k'], options }, { publicUrl: null, now: NOW });
    expect(headers.map(([k]) => k)).toEqual(['Content-Type', 'X-Custom', 'Stripe-Signature', 'X-Slack-Signature', 'X-Slack-Request-Timestamp']);
  });
});
