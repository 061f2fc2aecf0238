import crypto from 'node:crypto';
import { headerValue } from '../../http/headers';
import { indexSecrets, RAW_ONLY, type Matcher, type MatchAttempt } from '../matcher';
import type { Scheme } from '../types';
import { conclude, malformed, missing } from '../verdict';

const HEADER = 'X-Gitlab-Token';

// Hashing both sides first makes the comparison constant-time whatever the lengths.
function sameToken(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/**
 * GitLab: no signature, a shared token echoed in `X-Gitlab-Token`. Nothing covers the body,
 * so a changed body still verifies — the token only proves who sent it.
 */
export const gitlab: Scheme = {
  id: 'gitlab',
  label: 'GitLab',
  signs: 'nothing (shared token)',
  headers: [HEADER],
  urlBound: false,
  defaultToleranceSec: null,
  detect: (req) => headerValue(req.headers, HEADER) !== undefined,
  verify(input) {
    const token = headerValue(input.req.headers, HEADER);
    if (token === undefined) return missing('gitlab', HEADER);
    const controlChar = [...token].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
    if (token.trim() === '' || controlChar) return malformed('gitlab', HEADER, 'the token is empty or has control characters');
    const base: MatchAttempt = {
      algorithm: 'hmac-sha256',
      encoding: 'hex',
      keyEncoding: 'utf8',
      secrets: indexSecrets(input.secrets),
      bodies: RAW_ONLY(input.req.body),
      urls: [null],
      ts: undefined,
    };
    const m: Matcher = {
      base,
      covers: { body: false, url: false, timestamp: false, hmac: false },
      timestamp: null,
      signatureCount: 1,
      find: (a) => {
        const secret = a.secrets.find((s) => sameToken(s.secret, token));
        return secret ? { secret, url: null, body: 'raw' } : null;
      },
    };
    return conclude('gitlab', m, input, null, { header: HEADER, bodyCovered: false });
  },
  sign: (input) => ({ headers: [[HEADER, input.secret]] }),
};
