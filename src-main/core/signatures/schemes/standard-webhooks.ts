import { CustomSchemeOptions, type CustomSchemeOptionsInput, type Verification } from '../../../contract/verification';
import { headerValue } from '../../http/headers';
import { Recipe } from '../recipe';
import type { Scheme, VerifyInput } from '../types';
import { malformed, missing } from '../verdict';

const HEADER = 'webhook-signature';
const common = {
  signatureHeader: HEADER,
  format: 'list',
  content: '{id}.{ts}.{body}',
  encoding: 'base64',
  idHeader: 'webhook-id',
  timestamp: { from: 'header', name: 'webhook-timestamp' },
  toleranceSec: 300,
} satisfies CustomSchemeOptionsInput;

const v1 = new Recipe('standard-webhooks', CustomSchemeOptions.parse({ ...common, prefix: 'v1,', keyEncoding: 'whsec' }));
const v1a = new Recipe('standard-webhooks', CustomSchemeOptions.parse({ ...common, prefix: 'v1a,', algorithm: 'ed25519' }));

/** Asymmetric keys are `whpk_`/`whsk_` or PEM; everything else is a `whsec_` HMAC secret. */
const isAsymmetric = (secret: string) => /^wh(?:pk|sk)_/.test(secret) || secret.includes('-----BEGIN');

const RANK: Record<Verification['status'], number> = { valid: 0, expired: 1, invalid: 2, malformed: 3, missing: 4, unverified: 5 };

/** Runs one version's recipe with that version's secrets, reporting indexes in the full list. */
function verifyVersion(recipe: Recipe, input: VerifyInput, pick: (s: string) => boolean): Verification | null {
  const indexes = input.secrets.flatMap((s, i) => (pick(s) ? [i] : []));
  if (indexes.length === 0) return null;
  const v = recipe.verify({ ...input, secrets: indexes.map((i) => input.secrets[i]!) }, 300);
  return v.matchedSecret ? { ...v, matchedSecret: { ...v.matchedSecret, index: indexes[v.matchedSecret.index]! } } : v;
}

/**
 * Standard Webhooks: `webhook-id/-timestamp/-signature`, a space-separated list of `v1,<b64>`
 * (HMAC keyed with the base64 after `whsec_`) and `v1a,<b64>` (Ed25519) signatures. The npm
 * package never checks `v1a`; this does.
 */
export const standardWebhooks: Scheme = {
  id: 'standard-webhooks',
  label: 'Standard Webhooks',
  signs: '`{id}.{ts}.{body}`',
  headers: v1.headers,
  urlBound: false,
  defaultToleranceSec: 300,
  detect: (req) => /(?:^|\s)v1a?,/.test(headerValue(req.headers, HEADER) ?? ''),
  verify(input) {
    const value = headerValue(input.req.headers, HEADER);
    if (value === undefined) return missing('standard-webhooks', HEADER);
    const items = value.trim().split(/\s+/);
    const hasV1 = items.some((i) => i.startsWith('v1,'));
    const hasV1a = items.some((i) => i.startsWith('v1a,'));
    if (!hasV1 && !hasV1a) return malformed('standard-webhooks', HEADER, `no "v1,<signature>" or "v1a,<signature>" item in ${JSON.stringify(value.slice(0, 24))}`);
    const results = [
      hasV1 ? verifyVersion(v1, input, (s) => !isAsymmetric(s)) : null,
      hasV1a ? verifyVersion(v1a, input, isAsymmetric) : null,
    ].filter((v): v is Verification => v !== null);
    if (results.length === 0) {
      const sent = hasV1 ? 'v1 (HMAC)' : 'v1a (Ed25519)';
      const need = hasV1 ? 'a whsec_ secret' : "the sender's whpk_ public key";
      return {
        status: 'invalid',
        scheme: 'standard-webhooks',
        reason: `The request carries only ${sent} signatures but no configured secret is of that kind — add ${need}.`,
        details: { diagnosis: 'secret-kind' },
      };
    }
    return results.sort((a, b) => RANK[a.status] - RANK[b.status])[0]!;
  },
  sign(input) {
    const key = typeof input.options.privateKey === 'string' ? input.options.privateKey : input.secret;
    return (isAsymmetric(key) ? v1a : v1).sign({ ...input, secret: key });
  },
};
