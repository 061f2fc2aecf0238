import { describe, expect, it } from 'vitest';
import type { VerifyConfig } from '../../../src-main/contract/verification';
import { PROVIDER_SCHEMES } from '../../../src-main/core/signatures/providers';
import { SCHEMES, verifyRequest } from '../../../src-main/core/signatures';
import { FIXTURES, JSON_BODY, NOW, STALE_BY_SEC, expectOneSentence, flipBodyByte, request, type Fixture, type Signed } from './fixtures';

/** Default tolerances from providers.md; fixtures without one set theirs explicitly. */
const DOCUMENTED_TOLERANCE: Record<string, number> = {
  sendpilot: 300, whippy: 300, svix: 300, 'standard-webhooks': 300, stripe: 300, slack: 300, paddle: 5,
  linear: 60, hubspot: 300, calendly: 180, twitch: 600,
};

const configOf = (f: Fixture, secrets = [f.secret]): VerifyConfig => ({
  scheme: f.scheme,
  secrets,
  ...(f.tolerance !== undefined ? { toleranceSec: f.tolerance } : {}),
  ...f.extra,
});
const ctxOf = (f: Fixture) => ({ publicUrl: f.publicUrl ?? null, now: NOW });
const verify = (f: Fixture, s: Signed, secrets?: string[]) => {
  const v = verifyRequest(request(s), configOf(f, secrets), ctxOf(f));
  expectOneSentence(v.reason);
  return v;
};
const signed = (f: Fixture, ts = NOW) => f.sign(f.body ?? JSON_BODY, ts);

const withoutHeader = (s: Signed, name: string): Signed => ({ ...s, headers: s.headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase()) });
const withHeader = (s: Signed, name: string, value: string): Signed => ({
  ...s,
  headers: s.headers.map(([k, v]) => [k, k.toLowerCase() === name.toLowerCase() ? value : v]),
});

describe('every provider scheme, signed per its docs with node:crypto', () => {
  it('has a fixture for every provider scheme', () => {
    expect(new Set(FIXTURES.map((f) => f.scheme))).toEqual(new Set(Object.keys(PROVIDER_SCHEMES)));
  });

  describe.each(FIXTURES.map((f) => [f.scheme, f] as const))('%s', (_id, f) => {
    it('valid request → valid, naming the secret', () => {
      const v = verify(f, signed(f));
      expect(v.status, v.reason).toBe('valid');
      expect(v.scheme).toBe(f.scheme);
      expect(v.matchedSecret?.index).toBe(0);
      expect(v.matchedSecret?.preview).not.toContain(f.secret);
      expect(JSON.stringify(v)).not.toContain(f.secret.length > 12 ? f.secret : '\u0000');
    });

    it('one flipped byte → invalid', () => {
      const s = signed(f);
      const v = verify(f, f.flip ? f.flip(s) : { ...s, body: flipBodyByte(s.body) });
      expect(v.status, v.reason).toBe('invalid');
      expect(v.details.diagnosis).toBe('wrong-secret');
      expect(v.matchedSecret).toBeUndefined();
    });

    it('header absent → missing', () => {
      const s = signed(f);
      const v = verify(f, f.strip ? f.strip(s) : withoutHeader(s, f.header));
      expect(v.status, v.reason).toBe('missing');
      expect(v.reason).toContain(f.header);
    });

    it('garbage header → malformed, never an exception', () => {
      const s = signed(f);
      const v = verify(f, f.garble ? f.garble(s) : withHeader(s, f.header, 'garbage!!'));
      expect(v.status, v.reason).toBe('malformed');
    });

    it('rotation: the second configured secret matches and is reported', () => {
      const v = verify(f, signed(f), [f.scheme === 'discord' || f.scheme === 'sendgrid' ? FIXTURES.find((x) => x.scheme === (f.scheme === 'discord' ? 'sendgrid' : 'discord'))!.secret : 'not-the-secret-00000000', f.secret]);
      expect(v.status, v.reason).toBe('valid');
      expect(v.matchedSecret?.index).toBe(1);
      expect(v.reason).toContain('secret #2');
    });

    const tsHeader = (() => {
      const t = SCHEMES[f.scheme as keyof typeof SCHEMES].preset?.timestamp;
      return t?.from === 'header' ? t.name : f.scheme === 'standard-webhooks' ? 'webhook-timestamp' : null;
    })();

    // Only schemes that carry a timestamp header get this case (not generated, not skipped, for the rest).
    if (tsHeader !== null) it('timestamp header absent → missing; unreadable → malformed', () => {
      const s = signed(f);
      const gone = verify(f, withoutHeader(s, tsHeader!));
      expect(gone.status, gone.reason).toBe('missing');
      expect(gone.reason).toContain(tsHeader!);
      const bad = verify(f, withHeader(s, tsHeader!, 'yesterday'));
      expect(bad.status, bad.reason).toBe('malformed');
    });

    if (f.timestamped) it('stale timestamp → expired with the skew, valid when tolerance is ignored', () => {
      const s = signed(f, NOW - STALE_BY_SEC * 1000);
      const v = verify(f, s);
      expect(v.status, v.reason).toBe('expired');
      expect(v.details.skewSec).toBe(STALE_BY_SEC);
      expect(v.details.toleranceSec).toBe(f.tolerance ?? DOCUMENTED_TOLERANCE[f.scheme]);
      expect(v.reason).toContain(`${STALE_BY_SEC} s old`);
      const ignored = verifyRequest(request(s), { ...configOf(f), toleranceSec: null }, ctxOf(f));
      expect(ignored.status, ignored.reason).toBe('valid');
    });
  });
});

describe('multi-signature headers', () => {
  it('stripe: any v1 in the header may match', () => {
    const f = FIXTURES.find((x) => x.scheme === 'stripe')!;
    const s = signed(f);
    const header = s.headers[0]![1];
    const v = verify(f, withHeader(s, 'Stripe-Signature', header.replace(',v1=', `,v1=${'0'.repeat(64)},v0=abc,v1=`)));
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.signatures).toBe(2);
  });

  it('standard-webhooks: a space-separated list, one of which matches', () => {
    const f = FIXTURES.find((x) => x.scheme === 'standard-webhooks')!;
    const s = signed(f);
    const sig = s.headers.find(([k]) => k === 'webhook-signature')![1];
    const v = verify(f, withHeader(s, 'webhook-signature', `v1,${Buffer.alloc(32).toString('base64')} ${sig}`));
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.signatures).toBe(2);
  });
});

describe('scheme quirks', () => {
  it('github falls back to the legacy SHA-1 header when the SHA-256 one is absent', async () => {
    const crypto = await import('node:crypto');
    const secret = 'gh_secret_legacy_1234';
    const sig = crypto.createHmac('sha1', secret).update(JSON_BODY).digest('hex');
    const v = verifyRequest(request({ headers: [['X-Hub-Signature', `sha1=${sig}`]], body: JSON_BODY }), { scheme: 'github', secrets: [secret] }, { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
  });

  it('drip accepts a signature over compact JSON (as DRIP’s own sample verifies) and says so', async () => {
    const crypto = await import('node:crypto');
    const pretty = Buffer.from(JSON.stringify(JSON.parse(JSON_BODY.toString()), null, 2));
    const sig = crypto.createHmac('sha256', 'k').update(JSON.stringify(JSON.parse(JSON_BODY.toString()))).digest('hex');
    const v = verifyRequest(request({ headers: [['X-Drip-Signature', `sha256=${sig}`]], body: pretty }), { scheme: 'drip', secrets: ['k'] }, { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.signedBody).toBe('compact-json');
    expect(v.reason).toContain('compact JSON');
  });

  it('gitlab and mailgun say the body is not covered', () => {
    for (const id of ['gitlab', 'mailgun']) {
      const f = FIXTURES.find((x) => x.scheme === id)!;
      const s = signed(f);
      const v = verify(f, id === 'gitlab' ? { ...s, body: flipBodyByte(s.body) } : s);
      expect(v.status, v.reason).toBe('valid');
      expect(v.details.bodyCovered).toBe(false);
    }
  });

  it('gitlab: a token with control characters is malformed, not compared', () => {
    const v = verifyRequest(request({ headers: [['X-Gitlab-Token', 'tok\u0000en']], body: JSON_BODY }), { scheme: 'gitlab', secrets: ['token'] }, { publicUrl: null });
    expect(v.status).toBe('malformed');
  });

  it('sendpilot reads a millisecond t= by its magnitude (the docs leave the unit open)', async () => {
    const crypto = await import('node:crypto');
    const t = String(NOW);
    const sig = crypto.createHmac('sha256', 's').update(Buffer.concat([Buffer.from(`${t}.`), JSON_BODY])).digest('hex');
    const v = verifyRequest(request({ headers: [['Webhook-Signature', `t=${t},s=${sig}`]], body: JSON_BODY }), { scheme: 'sendpilot', secrets: ['s'] }, { publicUrl: null, now: NOW });
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.skewSec).toBe(0);
  });

  it('timestamps are checked against receivedAt unless ctx.now is given', () => {
    const f = FIXTURES.find((x) => x.scheme === 'stripe')!;
    const s = signed(f);
    expect(verifyRequest(request(s), configOf(f), { publicUrl: null }).status).toBe('valid');
    expect(verifyRequest(request(s), configOf(f), { publicUrl: null, now: NOW + 3_600_000 }).status).toBe('expired');
  });

  it('a per-endpoint tolerance overrides the scheme default', () => {
    const f = FIXTURES.find((x) => x.scheme === 'stripe')!;
    const s = signed(f, NOW - 400_000);
    expect(verifyRequest(request(s), configOf(f), ctxOf(f)).status).toBe('expired');
    expect(verifyRequest(request(s), { ...configOf(f), toleranceSec: 600 }, ctxOf(f)).status).toBe('valid');
  });

  it('no config → unverified; no secret → unverified; unknown scheme → unverified', () => {
    const f = FIXTURES[0]!;
    const req = request(signed(f));
    expect(verifyRequest(req, null, { publicUrl: null }).status).toBe('unverified');
    expect(verifyRequest(req, { scheme: 'drippi', secrets: [] }, { publicUrl: null }).status).toBe('unverified');
    expect(verifyRequest(req, { scheme: 'nope', secrets: ['x'] }, { publicUrl: null }).reason).toContain('not a known');
  });

  it('a URL-bound scheme without public URL guesses from the Host header', () => {
    const f = FIXTURES.find((x) => x.scheme === 'square')!;
    const v = verifyRequest(request(signed(f)), configOf(f), { publicUrl: null, now: NOW });
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.url).toBe('https://hooks.example.com/ep');
  });

  it('twilio verifies the URL with and without the default port', async () => {
    const crypto = await import('node:crypto');
    const url = 'https://hooks.example.com:443/ep';
    const sig = crypto.createHmac('sha1', 'tok').update(url).digest('base64');
    const req = { method: 'POST', path: '/ep', query: '', headers: [['X-Twilio-Signature', sig]] as [string, string][], body: Buffer.alloc(0), receivedAt: NOW };
    const v = verifyRequest(req, { scheme: 'twilio', secrets: ['tok'] }, { publicUrl: 'https://hooks.example.com/ep' });
    expect(v.status, v.reason).toBe('valid');
    expect(v.details.url).toBe(url);
  });

  it('twilio JSON bodies: the bodySHA256 URL parameter must match the body', async () => {
    const crypto = await import('node:crypto');
    const hash = crypto.createHash('sha256').update(JSON_BODY).digest('hex');
    const url = `https://hooks.example.com/ep?bodySHA256=${hash}`;
    const sig = crypto.createHmac('sha1', 'tok').update(url).digest('base64');
    const req = (body: Buffer) => ({ method: 'POST', path: '/ep', query: `bodySHA256=${hash}`, headers: [['Content-Type', 'application/json'], ['X-Twilio-Signature', sig]] as [string, string][], body, receivedAt: NOW });
    const config = { scheme: 'twilio', secrets: ['tok'] };
    expect(verifyRequest(req(JSON_BODY), config, { publicUrl: 'https://hooks.example.com/ep' }).status).toBe('valid');
    const tampered = verifyRequest(req(flipBodyByte(JSON_BODY)), config, { publicUrl: 'https://hooks.example.com/ep' });
    expect(tampered.status).toBe('invalid');
    expect(tampered.details.diagnosis).toBe('body-hash');
  });

  it('a non-UTF-8 body is verified over its raw bytes', async () => {
    const crypto = await import('node:crypto');
    const body = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b]);
    const sig = crypto.createHmac('sha256', 'k').update(body).digest('hex');
    const v = verifyRequest(request({ headers: [['X-Razorpay-Signature', sig]], body }), { scheme: 'razorpay', secrets: ['k'] }, { publicUrl: null });
    expect(v.status, v.reason).toBe('valid');
  });
});
