import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from '../../../src-main/contract/common';
import type { CustomSchemeOptionsInput } from '../../../src-main/contract/verification';
import { SCHEMES, verifyConfigIssues, verifyRequest } from '../../../src-main/core/signatures';
import { FIXTURES, JSON_BODY, NOW, request } from './fixtures';

const hmac = (alg: string, key: crypto.BinaryLike, data: crypto.BinaryLike) => crypto.createHmac(alg, key).update(data);
const req = (headers: HeaderPairs, body: Buffer = JSON_BODY, method = 'POST') => ({ method, path: '/ep', query: '', headers, body, receivedAt: NOW });
const custom = (options: CustomSchemeOptionsInput, secrets: string[], toleranceSec?: number | null) => ({ scheme: 'custom', secrets, options, ...(toleranceSec !== undefined ? { toleranceSec } : {}) });
const ts = String(Math.floor(NOW / 1000));

describe('custom scheme', () => {
  it('composite header with ";", a {header:Name} and {method} in the template, HMAC-SHA512, hex key', () => {
    const key = crypto.randomBytes(32);
    const content = Buffer.concat([Buffer.from(`POST|acct_9|${ts}|`), JSON_BODY]);
    const sig = hmac('sha512', key, content).digest('base64');
    const options: CustomSchemeOptionsInput = {
      signatureHeader: 'X-Acme-Signature',
      format: 'composite',
      separator: ';',
      signatureKey: 'sig',
      content: '{method}|{header:X-Acme-Account}|{ts}|{body}',
      algorithm: 'hmac-sha512',
      encoding: 'base64',
      keyEncoding: 'hex',
      timestamp: { from: 'composite', name: 'time' },
      toleranceSec: 60,
    };
    const h: HeaderPairs = [['X-Acme-Account', 'acct_9'], ['X-Acme-Signature', `time=${ts}; sig=${sig}`]];
    const v = verifyRequest(req(h), custom(options, [key.toString('hex')]), { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
    expect(verifyRequest(req(h, JSON_BODY, 'PUT'), custom(options, [key.toString('hex')]), { publicUrl: null }).status).toBe('invalid');
    expect(verifyRequest(req(h), custom(options, [key.toString('hex')]), { publicUrl: null, now: NOW + 120_000 }).status).toBe('expired');
  });

  it('RFC 3339 timestamps, {id}, base64 key, SHA-1', () => {
    const key = crypto.randomBytes(20);
    const iso = new Date(NOW).toISOString();
    const sig = hmac('sha1', key, Buffer.concat([Buffer.from(`evt-7:${iso}:`), JSON_BODY])).digest('hex');
    const options: CustomSchemeOptionsInput = {
      signatureHeader: 'X-Sig',
      content: '{id}:{ts}:{body}',
      algorithm: 'hmac-sha1',
      keyEncoding: 'base64',
      idHeader: 'X-Event-Id',
      timestamp: { from: 'header', name: 'X-Sent-At', unit: 'rfc3339' },
    };
    const v = verifyRequest(req([['X-Event-Id', 'evt-7'], ['X-Sent-At', iso], ['X-Sig', sig]]), custom(options, [key.toString('base64')], 300), { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
    expect(verifyRequest(req([['X-Sent-At', iso], ['X-Sig', sig]]), custom(options, [key.toString('base64')]), { publicUrl: null }).status).toBe('missing');
  });

  it('millisecond timestamps, whsec_ key decoding, {url}', () => {
    const secret = 'whsec_' + crypto.randomBytes(24).toString('base64');
    const url = 'https://t.example/ep';
    const sig = hmac('sha256', Buffer.from(secret.slice(6), 'base64'), Buffer.concat([Buffer.from(`${url}.${NOW}.`), JSON_BODY])).digest('hex');
    const options: CustomSchemeOptionsInput = { signatureHeader: 'X-S', content: '{url}.{ts}.{body}', keyEncoding: 'whsec', timestamp: { from: 'header', name: 'X-T', unit: 'ms' } };
    expect(verifyRequest(req([['X-T', String(NOW)], ['X-S', sig]]), custom(options, [secret], 5), { publicUrl: url }).status).toBe('valid');
  });

  it('ECDSA P-256 and Ed25519 as custom configurations', () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sig = crypto.sign('sha256', JSON_BODY, ec.privateKey).toString('base64');
    const pub = ec.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const options: CustomSchemeOptionsInput = { signatureHeader: 'X-Ecdsa', algorithm: 'ecdsa-p256', encoding: 'base64' };
    expect(verifyRequest(req([['X-Ecdsa', sig]]), custom(options, [pub]), { publicUrl: null }).status).toBe('valid');
    const ed = crypto.generateKeyPairSync('ed25519');
    const edSig = crypto.sign(null, JSON_BODY, ed.privateKey).toString('base64');
    const edPub = ed.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
    const edOptions: CustomSchemeOptionsInput = { signatureHeader: 'X-Ed', algorithm: 'ed25519', encoding: 'base64' };
    expect(verifyRequest(req([['X-Ed', edSig]]), custom(edOptions, [edPub]), { publicUrl: null }).status).toBe('valid');
  });

  it('a static token (GitLab-like) is the one class custom does not cover; invalid options are unverified, not a crash', () => {
    const v = verifyRequest(req([['X-S', 'ab']]), custom({ signatureHeader: 'X-S', content: '{nope}' }, ['k']), { publicUrl: null });
    expect(v.status).toBe('unverified');
    expect(v.reason).toContain('content');
  });

  it('the built-in presets are plain custom configurations: custom with the same options gives the same verdicts', () => {
    const presets = Object.values(SCHEMES).filter((s) => s.preset);
    expect(presets.length).toBeGreaterThanOrEqual(25);
    for (const scheme of presets) {
      const f = FIXTURES.find((x) => x.scheme === scheme.id)!;
      for (const [label, s] of [['valid', f.sign(f.body ?? JSON_BODY, NOW)], ['stale', f.sign(f.body ?? JSON_BODY, NOW - 3_600_000)]] as const) {
        const ctx = { publicUrl: f.publicUrl ?? null, now: NOW };
        const asPreset = verifyRequest(request(s), { scheme: scheme.id, secrets: [f.secret], toleranceSec: f.tolerance }, ctx);
        const asCustom = verifyRequest(request(s), { scheme: 'custom', secrets: [f.secret], toleranceSec: f.tolerance, options: scheme.preset }, ctx);
        expect({ ...asCustom, scheme: scheme.id }, `${scheme.id} ${label}`).toEqual(asPreset);
      }
    }
  });
});

const PRESET_OPTIONS = { stripe: SCHEMES.stripe.preset! };

describe('verify config validation names the field', () => {
  it.each([
    [{ scheme: 'stripee', secrets: [] }, 'verify.scheme'],
    [{ scheme: 'custom', secrets: [], options: {} }, 'verify.options.signatureHeader'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', content: '{bdy}' } }, 'verify.options.content'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', algorithm: 'md5' } }, 'verify.options.algorithm'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', content: '{ts}.{body}' } }, 'verify.options.timestamp'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', content: '{id}' } }, 'verify.options.idHeader'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', timestamp: { from: 'composite', name: 't' } } }, 'verify.options.timestamp.from'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', timestamp: { from: 'header', name: 't', unit: 'h' } } }, 'verify.options.timestamp.unit'],
    [{ scheme: 'custom', secrets: [], options: { signatureHeader: 'X', bogus: 1 } }, 'verify.options'],
  ])('%j → %s', (config, path) => {
    const issues = verifyConfigIssues(config);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.every((i) => i.message.length > 0)).toBe(true);
  });

  it('a valid config has no issues', () => {
    expect(verifyConfigIssues({ scheme: 'stripe', secrets: ['whsec_x'] })).toEqual([]);
    expect(verifyConfigIssues({ scheme: 'custom', secrets: [], options: PRESET_OPTIONS.stripe })).toEqual([]);
    expect(verifyConfigIssues(null)).toEqual([]);
  });
});
