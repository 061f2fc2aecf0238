import crypto from 'node:crypto';
import type { SignatureAlgorithm } from '../../../contract/verification';
import { headerValue } from '../../http/headers';
import { ALGORITHMS } from '../algorithms';
import { isBase64, isHex } from '../keys';
import { indexSecrets, RAW_ONLY, type Matcher, type MatchAttempt } from '../matcher';
import { SigningError, type Scheme, type SignableRequest } from '../types';
import { withAndWithoutDefaultPort } from '../urls';
import { conclude, malformed, missing, unusable } from '../verdict';

const HEADER = 'X-Twilio-Signature';
const SETTINGS = 'X-Twilio-Webhooks-Signature-Settings';

/** Twilio names its algorithm in a settings header; none means the legacy HMAC-SHA1. */
function algorithmOf(req: SignableRequest): SignatureAlgorithm | null {
  const settings = headerValue(req.headers, SETTINGS) ?? '';
  const named = /(?:^|,)\s*algorithm\s*=\s*([^,\s]+)/i.exec(settings)?.[1]?.toUpperCase();
  if (!named || named === 'HMAC_SHA1') return 'hmac-sha1';
  return named === 'HMAC_SHA256' ? 'hmac-sha256' : null;
}

function isForm(req: SignableRequest): boolean {
  return (headerValue(req.headers, 'content-type') ?? '').includes('application/x-www-form-urlencoded');
}

/** URL followed by each form key and value, keys sorted, repeated values de-duplicated and sorted. */
function signedData(url: string, req: SignableRequest): Buffer {
  if (!isForm(req) || url.includes('bodySHA256')) return Buffer.from(url);
  const params = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, [...(params.get(k) ?? []), v]);
  let data = url;
  for (const key of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(key))].sort()) data += key + value;
  }
  return Buffer.from(data, 'utf8');
}

function bodyHashOf(url: string): string | null {
  const q = url.indexOf('?');
  return q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get('bodySHA256');
}

/**
 * Twilio: base64 HMAC (SHA-1, or SHA-256 when the settings header says so) of the public URL
 * plus sorted form parameters. JSON bodies are covered by a `bodySHA256` URL parameter. Twilio
 * may or may not include the default port in what it signs, so both forms are tried.
 */
export const twilio: Scheme = {
  id: 'twilio',
  label: 'Twilio',
  signs: 'public URL + sorted form `key+value` (JSON: URL with `bodySHA256`)',
  headers: [HEADER],
  urlBound: true,
  defaultToleranceSec: null,
  detect: (req) => headerValue(req.headers, HEADER) !== undefined,
  verify(input) {
    const { req } = input;
    const signature = headerValue(req.headers, HEADER);
    if (signature === undefined) return missing('twilio', HEADER);
    const algorithm = algorithmOf(req);
    if (!algorithm) return malformed('twilio', SETTINGS, 'it names an algorithm other than HMAC_SHA1 or HMAC_SHA256');
    const value = signature.trim();
    const bytes = isBase64(value) ? Buffer.from(value, 'base64') : isHex(value) ? Buffer.from(value, 'hex') : null;
    if (!bytes || !ALGORITHMS[algorithm].plausibleLength(bytes.length)) return malformed('twilio', HEADER, `${JSON.stringify(value.slice(0, 24))} is not a base64 signature`);
    if (input.urls.length === 0) return unusable('twilio', 'Twilio signs the URL it called, but the endpoint has no public URL — open the tunnel or set the public URL.');
    const base: MatchAttempt = {
      algorithm,
      encoding: 'base64',
      keyEncoding: 'utf8',
      secrets: indexSecrets(input.secrets),
      bodies: RAW_ONLY(req.body),
      urls: input.urls.flatMap(withAndWithoutDefaultPort),
      ts: undefined,
    };
    const m: Matcher = {
      base,
      covers: { body: false, url: true, timestamp: false, hmac: true },
      timestamp: null,
      signatureCount: 1,
      find: (a) => {
        const given = a.encoding === 'base64' ? (isBase64(value) ? Buffer.from(value, 'base64') : null) : isHex(value) ? Buffer.from(value, 'hex') : null;
        if (!given) return null;
        for (const secret of a.secrets) {
          const key = ALGORITHMS[a.algorithm].prepare(secret.secret, a.keyEncoding);
          if (!key) continue;
          for (const url of a.urls) if (url && key.verify(signedData(url, req), given)) return { secret, url, body: 'raw' };
        }
        return null;
      },
    };
    const verdict = conclude('twilio', m, input, null, { header: HEADER, algorithm });
    const url = verdict.details.url;
    if (verdict.status === 'valid' && typeof url === 'string') {
      const expected = bodyHashOf(url);
      if (expected !== null && crypto.createHash('sha256').update(req.body).digest('hex') !== expected.toLowerCase()) {
        return {
          ...verdict,
          status: 'invalid',
          matchedSecret: undefined,
          reason: 'The URL signature is genuine but the body no longer matches its bodySHA256 parameter — the body was changed after Twilio signed it.',
          details: { ...verdict.details, diagnosis: 'body-hash' },
        };
      }
    }
    return verdict;
  },
  sign(input) {
    if (!input.url) throw new SigningError('Twilio signs the URL it calls; set a public URL (or open the tunnel) to sign.');
    const algorithm = algorithmOf(input.req) ?? 'hmac-sha1';
    const hash = algorithm === 'hmac-sha256' ? 'sha256' : 'sha1';
    const sig = crypto.createHmac(hash, input.secret).update(signedData(input.url, input.req)).digest('base64');
    return { headers: [[HEADER, sig]] };
  },
};
