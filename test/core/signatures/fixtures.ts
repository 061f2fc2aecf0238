/**
 * Independent reference signers, written with node:crypto straight from each provider's docs
 * (see /shared/docs/providers.md) — never with Hookbay's own signer, so a test that signs
 * here and verifies with Hookbay checks Hookbay against the documentation.
 */
import crypto from 'node:crypto';
import type { HeaderPairs } from '../../../src-main/contract/common';
import type { VerifyConfig } from '../../../src-main/contract/verification';

export const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);
export const STALE_BY_SEC = 3600;

const hmac = (alg: string, key: crypto.BinaryLike, data: crypto.BinaryLike) => crypto.createHmac(alg, key).update(data);
const cat = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

/** A JSON body with non-ASCII bytes (verification must use the raw bytes) and a "flipme" marker. */
export const JSON_BODY = Buffer.from('{"id":"evt_1","type":"invoice.paid","data":{"note":"café ☕ flipme","amount":1200}}');
export const FORM_BODY = Buffer.from('CallSid=CA1234&From=%2B15551234567&To=%2B15557654321&Body=flipme+caf%C3%A9');
export const PUBLIC_URL = 'https://hooks.example.com/ep';

export interface Signed {
  headers: HeaderPairs;
  body: Buffer;
}

export interface Fixture {
  scheme: string;
  secret: string;
  /** Signs `body` at `ts` (ms) the way the provider documents. */
  sign(body: Buffer, ts: number): Signed;
  body?: Buffer;
  /** Header whose absence makes the request unsigned. */
  header: string;
  /** The scheme has a timestamp; `tolerance` is set when its default is none. */
  timestamped: boolean;
  tolerance?: number;
  publicUrl?: string;
  extra?: Partial<VerifyConfig>;
  /** For schemes whose signature is not in a header or does not cover the body. */
  flip?(s: Signed): Signed;
  strip?(s: Signed): Signed;
  garble?(s: Signed): Signed;
  contentType?: string;
}

const secs = (ts: number) => String(Math.floor(ts / 1000));
const whsec = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const whsecKey = Buffer.from(whsec.slice(6), 'base64');

export const ed25519Pair = crypto.generateKeyPairSync('ed25519');
export const ed25519PublicHex = ed25519Pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
export const ed25519PrivatePem = ed25519Pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
export const p256Pair = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
export const p256PublicBase64 = p256Pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
export const p256PrivatePem = p256Pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

const plainHex = (scheme: string, header: string, alg = 'sha256', prefix = '', encoding: 'hex' | 'base64' = 'hex'): Fixture => ({
  scheme,
  secret: `${scheme}_secret_5f1d0c9a7e3b`,
  header,
  timestamped: false,
  sign: (body) => ({ headers: [[header, prefix + hmac(alg, `${scheme}_secret_5f1d0c9a7e3b`, body).digest(encoding)]], body }),
});

const svixLike = (scheme: string, prefix: 'svix' | 'webhook'): Fixture => ({
  scheme,
  secret: whsec,
  header: `${prefix}-signature`,
  timestamped: true,
  sign: (body, ts) => {
    const id = 'msg_2Lh9y1Jq3vD';
    const sig = hmac('sha256', whsecKey, cat(`${id}.${secs(ts)}.`, body)).digest('base64');
    return { headers: [[`${prefix}-id`, id], [`${prefix}-timestamp`, secs(ts)], [`${prefix}-signature`, `v1,${sig}`]], body };
  },
});

const withTs = (o: { scheme: string; header: string; tsHeader: string; make: (ts: string, body: Buffer, key: string) => string; tsOf?: (ts: number) => string; tolerance?: number; extraHeaders?: HeaderPairs }): Fixture => ({
  scheme: o.scheme,
  secret: `${o.scheme}_signing_secret_77a1`,
  header: o.header,
  timestamped: true,
  tolerance: o.tolerance,
  sign: (body, ts) => {
    const t = (o.tsOf ?? secs)(ts);
    return { headers: [...(o.extraHeaders ?? []), [o.tsHeader, t], [o.header, o.make(t, body, `${o.scheme}_signing_secret_77a1`)]], body };
  },
});

const mailgunBody = (ts: number, key: string, token = 'a3f9c2e1b7d64f08a3f9c2e1b7d64f08a3f9c2e1b7d64f0812') => {
  const timestamp = secs(ts);
  const signature = hmac('sha256', key, timestamp + token).digest('hex');
  return Buffer.from(JSON.stringify({ signature: { timestamp, token, signature }, 'event-data': { event: 'delivered', recipient: 'ana@example.com' } }));
};
const mailgunEdit = (s: Signed, edit: (o: { signature: Record<string, string> }) => void): Signed => {
  const o = JSON.parse(s.body.toString()) as { signature: Record<string, string> };
  edit(o);
  return { ...s, body: Buffer.from(JSON.stringify(o)) };
};

export const FIXTURES: Fixture[] = [
  plainHex('drippi', 'X-Drippi-Signature', 'sha256', 'sha256='),
  plainHex('drip', 'X-Drip-Signature', 'sha256', 'sha256='),
  {
    scheme: 'sendpilot',
    secret: 'sp_whsec_6b1e0f3c2a99',
    header: 'Webhook-Signature',
    timestamped: true,
    sign: (body, ts) => ({ headers: [['Webhook-Signature', `t=${secs(ts)},s=${hmac('sha256', 'sp_whsec_6b1e0f3c2a99', cat(`${secs(ts)}.`, body)).digest('hex')}`]], body }),
  },
  plainHex('dropcowboy', 'x-dropcowboy-signature'),
  svixLike('whippy', 'svix'),
  svixLike('svix', 'svix'),
  svixLike('standard-webhooks', 'webhook'),
  {
    scheme: 'stripe',
    secret: 'whsec_stripe_local_9f8e7d6c5b4a',
    header: 'Stripe-Signature',
    timestamped: true,
    sign: (body, ts) => ({ headers: [['Stripe-Signature', `t=${secs(ts)},v1=${hmac('sha256', 'whsec_stripe_local_9f8e7d6c5b4a', cat(`${secs(ts)}.`, body)).digest('hex')}`]], body }),
  },
  plainHex('github', 'X-Hub-Signature-256', 'sha256', 'sha256='),
  plainHex('shopify', 'X-Shopify-Hmac-Sha256', 'sha256', '', 'base64'),
  withTs({ scheme: 'slack', header: 'X-Slack-Signature', tsHeader: 'X-Slack-Request-Timestamp', make: (t, b, k) => `v0=${hmac('sha256', k, cat(`v0:${t}:`, b)).digest('hex')}` }),
  {
    scheme: 'twilio',
    secret: 'twilio_auth_token_12ab34cd',
    header: 'X-Twilio-Signature',
    timestamped: false,
    publicUrl: PUBLIC_URL,
    body: FORM_BODY,
    contentType: 'application/x-www-form-urlencoded',
    sign: (body) => {
      const params = [...new URLSearchParams(body.toString())].sort(([a], [b]) => (a < b ? -1 : 1));
      const data = PUBLIC_URL + params.map(([k, v]) => k + v).join('');
      return { headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', hmac('sha1', 'twilio_auth_token_12ab34cd', Buffer.from(data)).digest('base64')]], body };
    },
  },
  {
    scheme: 'paddle',
    secret: 'pdl_ntfset_01h_secret',
    header: 'Paddle-Signature',
    timestamped: true,
    sign: (body, ts) => ({ headers: [['Paddle-Signature', `ts=${secs(ts)};h1=${hmac('sha256', 'pdl_ntfset_01h_secret', cat(`${secs(ts)}:`, body)).digest('hex')}`]], body }),
  },
  {
    scheme: 'square',
    secret: 'square_sig_key_Aa11',
    header: 'x-square-hmacsha256-signature',
    timestamped: false,
    publicUrl: PUBLIC_URL,
    sign: (body) => ({ headers: [['x-square-hmacsha256-signature', hmac('sha256', 'square_sig_key_Aa11', cat(PUBLIC_URL, body)).digest('base64')]], body }),
  },
  {
    scheme: 'linear',
    secret: 'lin_wh_secret_0c0c0c',
    header: 'Linear-Signature',
    timestamped: true,
    // Linear's timestamp is inside the signed body, so the fixture writes it there.
    sign: (_body, ts) => {
      const body = Buffer.from(JSON.stringify({ action: 'create', type: 'Issue', data: { title: 'flipme' }, webhookTimestamp: ts }));
      return { headers: [['Linear-Signature', hmac('sha256', 'lin_wh_secret_0c0c0c', body).digest('hex')]], body };
    },
  },
  withTs({ scheme: 'zoom', header: 'x-zm-signature', tsHeader: 'x-zm-request-timestamp', tolerance: 300, make: (t, b, k) => `v0=${hmac('sha256', k, cat(`v0:${t}:`, b)).digest('hex')}` }),
  plainHex('intercom', 'X-Hub-Signature', 'sha1', 'sha1='),
  plainHex('bitbucket', 'X-Hub-Signature', 'sha256', 'sha256='),
  {
    scheme: 'hubspot',
    secret: 'hubspot_client_secret_3e3e',
    header: 'X-HubSpot-Signature-v3',
    timestamped: true,
    publicUrl: PUBLIC_URL,
    sign: (body, ts) => ({
      headers: [
        ['X-HubSpot-Request-Timestamp', String(ts)],
        ['X-HubSpot-Signature-v3', hmac('sha256', 'hubspot_client_secret_3e3e', cat(`POST${PUBLIC_URL}`, body, String(ts))).digest('base64')],
      ],
      body,
    }),
  },
  plainHex('typeform', 'Typeform-Signature', 'sha256', 'sha256=', 'base64'),
  {
    scheme: 'calendly',
    secret: 'calendly_signing_key_55',
    header: 'Calendly-Webhook-Signature',
    timestamped: true,
    sign: (body, ts) => ({ headers: [['Calendly-Webhook-Signature', `t=${secs(ts)},v1=${hmac('sha256', 'calendly_signing_key_55', cat(`${secs(ts)}.`, body)).digest('hex')}`]], body }),
  },
  withTs({
    scheme: 'twitch',
    header: 'Twitch-Eventsub-Message-Signature',
    tsHeader: 'Twitch-Eventsub-Message-Timestamp',
    tsOf: (ts) => new Date(ts).toISOString(),
    extraHeaders: [['Twitch-Eventsub-Message-Id', 'e76c6bd4-55c9-4987-8304-da1588d8988b']],
    make: (t, b, k) => `sha256=${hmac('sha256', k, cat('e76c6bd4-55c9-4987-8304-da1588d8988b', t, b)).digest('hex')}`,
  }),
  { ...plainHex('lemonsqueezy', 'X-Signature'), sign: (body) => ({ headers: [['X-Event-Name', 'order_created'], ['X-Signature', hmac('sha256', 'lemonsqueezy_secret_5f1d0c9a7e3b', body).digest('hex')]], body }) },
  plainHex('coinbase', 'X-CC-Webhook-Signature'),
  plainHex('vercel', 'x-vercel-signature', 'sha1'),
  plainHex('razorpay', 'X-Razorpay-Signature'),
  plainHex('woocommerce', 'X-WC-Webhook-Signature', 'sha256', '', 'base64'),
  plainHex('sentry', 'Sentry-Hook-Signature'),
  withTs({
    scheme: 'zendesk',
    header: 'X-Zendesk-Webhook-Signature',
    tsHeader: 'X-Zendesk-Webhook-Signature-Timestamp',
    tsOf: (ts) => new Date(ts).toISOString().replace('.000', ''),
    tolerance: 300,
    make: (t, b, k) => hmac('sha256', k, cat(t, b)).digest('base64'),
  }),
  {
    scheme: 'gitlab',
    secret: 'glpat-like-webhook-token',
    header: 'X-Gitlab-Token',
    timestamped: false,
    sign: (body) => ({ headers: [['X-Gitlab-Event', 'Push Hook'], ['X-Gitlab-Token', 'glpat-like-webhook-token']], body }),
    // The token does not cover the body; "tampering" means a different token.
    flip: (s) => ({ ...s, headers: s.headers.map(([k, v]) => [k, k === 'X-Gitlab-Token' ? v.replace('g', 'h') : v]) }),
    garble: (s) => ({ ...s, headers: s.headers.map(([k, v]) => [k, k === 'X-Gitlab-Token' ? '   ' : v]) }),
  },
  {
    scheme: 'mailgun',
    secret: 'key-mailgun-signing-0a1b2c3d',
    header: 'signature (in the body)',
    timestamped: true,
    tolerance: 300,
    sign: (_body, ts) => ({ headers: [['Content-Type', 'application/json']], body: mailgunBody(ts, 'key-mailgun-signing-0a1b2c3d') }),
    // Mailgun signs timestamp + token only: tampering means changing those.
    flip: (s) => mailgunEdit(s, (o) => (o.signature.token = o.signature.token!.replace('a', 'b'))),
    strip: (s) => mailgunEdit(s, (o) => delete (o as Partial<typeof o>).signature),
    garble: (s) => mailgunEdit(s, (o) => (o.signature.signature = 'garbage!!')),
  },
  {
    scheme: 'discord',
    secret: ed25519PublicHex,
    header: 'X-Signature-Ed25519',
    timestamped: true,
    tolerance: 300,
    sign: (body, ts) => ({
      headers: [['X-Signature-Timestamp', secs(ts)], ['X-Signature-Ed25519', crypto.sign(null, cat(secs(ts), body), ed25519Pair.privateKey).toString('hex')]],
      body,
    }),
  },
  {
    scheme: 'sendgrid',
    secret: p256PublicBase64,
    header: 'X-Twilio-Email-Event-Webhook-Signature',
    timestamped: true,
    tolerance: 300,
    sign: (body, ts) => ({
      headers: [
        ['X-Twilio-Email-Event-Webhook-Timestamp', secs(ts)],
        ['X-Twilio-Email-Event-Webhook-Signature', crypto.sign('sha256', cat(secs(ts), body), p256Pair.privateKey).toString('base64')],
      ],
      body,
    }),
  },
];

/** Flips one bit of the "flipme" marker (`f` → `g`), keeping the body parseable. */
export function flipBodyByte(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  const at = copy.indexOf('flipme');
  if (at < 0) throw new Error('fixture body has no flipme marker');
  copy[at] = copy[at]! ^ 1;
  return copy;
}

export function request(s: Signed, path = '/ep') {
  return { method: 'POST', path, query: '', headers: [['Host', 'hooks.example.com'], ...s.headers] as HeaderPairs, body: s.body, receivedAt: NOW };
}

/** "reason is one sentence a user can act on": ends with a full stop, no second sentence. */
export function expectOneSentence(reason: string): void {
  if (!/\.$/.test(reason) || /[.;:!?]\s+[A-Z][a-z]/.test(reason.replace(/e\.g\./g, ''))) {
    throw new Error(`not one sentence: ${reason}`);
  }
}
