import crypto from 'node:crypto';
import { isHex } from '../keys';
import { ALGORITHMS } from '../algorithms';
import { indexSecrets, RAW_ONLY, type Matcher, type MatchAttempt } from '../matcher';
import { parseTimestamp } from '../timestamp';
import type { Scheme, SignableRequest } from '../types';
import { conclude, malformed, missing } from '../verdict';
import { headerValue } from '../../http/headers';

const WHERE = 'signature (in the body)';

interface MailgunSignature {
  timestamp: string;
  token: string;
  signature: string;
}

/** Current webhooks nest `signature` in JSON; legacy ones post form fields. */
function readSignature(req: SignableRequest): MailgunSignature | 'absent' | 'unreadable' {
  const type = headerValue(req.headers, 'content-type') ?? '';
  const text = req.body.toString('utf8');
  let fields: Record<string, unknown> | undefined;
  if (type.includes('x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    if (!form.has('signature')) return 'absent';
    fields = { timestamp: form.get('timestamp'), token: form.get('token'), signature: form.get('signature') };
  } else {
    try {
      const parsed = JSON.parse(text) as { signature?: unknown };
      if (!parsed || typeof parsed !== 'object' || parsed.signature === undefined) return 'absent';
      if (!parsed.signature || typeof parsed.signature !== 'object') return 'unreadable';
      fields = parsed.signature as Record<string, unknown>;
    } catch {
      return 'absent';
    }
  }
  const { timestamp, token, signature } = fields;
  if (typeof token !== 'string' || typeof signature !== 'string' || (typeof timestamp !== 'string' && typeof timestamp !== 'number')) {
    return 'unreadable';
  }
  return { timestamp: String(timestamp), token, signature };
}

function digest(algorithm: MatchAttempt['algorithm'], secret: string, s: MailgunSignature, encoding: 'hex' | 'base64'): string | null {
  const key = ALGORITHMS[algorithm].prepare(secret, 'utf8');
  return key?.sign ? key.sign(Buffer.from(s.timestamp + s.token)).toString(encoding) : null;
}

/**
 * Mailgun: hex HMAC-SHA256 of `timestamp + token`, carried inside the body. The event data
 * itself is not covered — only the signature block proves the sender.
 */
export const mailgun: Scheme = {
  id: 'mailgun',
  label: 'Mailgun',
  signs: '`{timestamp}{token}` from the body (event data not covered)',
  headers: [],
  urlBound: false,
  defaultToleranceSec: null,
  detect: (req) => typeof readSignature(req) === 'object',
  verify(input) {
    const s = readSignature(input.req);
    if (s === 'absent') return missing('mailgun', WHERE);
    if (s === 'unreadable') return malformed('mailgun', WHERE, 'it needs string timestamp, token and signature fields');
    const timestamp = parseTimestamp(s.timestamp, 's');
    if (!timestamp) return malformed('mailgun', WHERE, `timestamp ${JSON.stringify(s.timestamp)} is not a number`);
    if (!isHex(s.signature) || s.signature.length !== 64) {
      const b = Buffer.from(s.signature, 'base64');
      if (!(b.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(s.signature))) return malformed('mailgun', WHERE, 'the signature is not a hex HMAC-SHA256');
    }
    const base: MatchAttempt = {
      algorithm: 'hmac-sha256',
      encoding: 'hex',
      keyEncoding: 'utf8',
      secrets: indexSecrets(input.secrets),
      bodies: RAW_ONLY(input.req.body),
      urls: [null],
      ts: s.timestamp,
    };
    const m: Matcher = {
      base,
      covers: { body: false, url: false, timestamp: false, hmac: true },
      timestamp,
      signatureCount: 1,
      find: (a) => {
        const given = Buffer.from(s.signature);
        for (const secret of a.secrets) {
          const expected = digest(a.algorithm, secret.secret, { ...s, timestamp: a.ts ?? s.timestamp }, a.encoding);
          if (expected && expected.length === given.length && crypto.timingSafeEqual(Buffer.from(expected), given)) {
            return { secret, url: null, body: 'raw' };
          }
        }
        return null;
      },
    };
    return conclude('mailgun', m, input, null, { bodyCovered: false });
  },
  sign(input) {
    const timestamp = String(Math.floor(input.now / 1000));
    const token = crypto.randomBytes(25).toString('hex');
    const signature = crypto.createHmac('sha256', input.secret).update(timestamp + token).digest('hex');
    let parsed: Record<string, unknown>;
    try {
      const value = JSON.parse(input.req.body.toString('utf8')) as unknown;
      parsed = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { 'event-data': value };
    } catch {
      parsed = { 'event-data': input.req.body.toString('utf8') };
    }
    return { headers: [], body: Buffer.from(JSON.stringify({ ...parsed, signature: { timestamp, token, signature } })) };
  },
};
