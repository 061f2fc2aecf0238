import type { SignatureAlgorithm } from '../../contract/verification';
import { alternateUrls } from './urls';
import { attemptCost, type BodyForm, type Matcher, type MatchAttempt, type MatchHit } from './matcher';
import type { KeyEncoding, VerifyInput } from './types';

export type MistakeKind =
  | 'secret-whitespace'
  | 'whsec-decoding'
  | 'encoding'
  | 'algorithm'
  | 'compact-json'
  | 'pretty-json'
  | 'timestamp-unit'
  | 'url'
  | 'other-secret';

/** An alternative attempt and the sentence that explains it if it matches. */
interface Variant {
  attempt: MatchAttempt;
  explain(hit: MatchHit): string;
}

type VariantsOf = (m: Matcher, input: VerifyInput) => Variant[];

const HMACS: SignatureAlgorithm[] = ['hmac-sha256', 'hmac-sha1', 'hmac-sha512'];
const HMAC_NAME: Record<string, string> = { 'hmac-sha1': 'HMAC-SHA1', 'hmac-sha256': 'HMAC-SHA256', 'hmac-sha512': 'HMAC-SHA512' };

function parsedJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

// Capture verifies inside the insert transaction: re-parsing a huge body there is not worth it.
const MAX_REPARSE_BYTES = 256 * 1024;

function reserialized(form: BodyForm, indent: number | undefined): VariantsOf {
  return (m, input) => {
    if (!m.covers.body || input.req.body.length > MAX_REPARSE_BYTES) return [];
    const parsed = parsedJson(input.req.body);
    if (parsed === undefined) return [];
    const bytes = Buffer.from(JSON.stringify(parsed, null, indent));
    if (bytes.equals(input.req.body)) return [];
    const how = indent ? 'pretty-printed JSON' : 'compact JSON';
    return [
      {
        attempt: { ...m.base, bodies: [{ form, bytes }] },
        explain: () =>
          `The signature matches the body re-serialized as ${how}, not the bytes received — the sender (or a proxy) parsed and re-encoded the JSON before signing; sign the exact bytes that are sent.`,
      },
    ];
  };
}

const KEY_DECODING_WORDS: Record<KeyEncoding, string> = {
  utf8: 'the whole secret string as the key',
  hex: 'the hex-decoded secret as the key',
  base64: 'the base64-decoded secret as the key',
  whsec: 'the base64-decoded part after `whsec_` as the key',
};

/** Diagnoses in the order they are tried: cheapest and most common first. */
export const MISTAKES = {
  'secret-whitespace': (m) => {
    const trimmed = m.base.secrets.filter((s) => s.secret.trim() !== s.secret);
    if (trimmed.length === 0) return [];
    return [
      {
        attempt: { ...m.base, secrets: trimmed.map((s) => ({ ...s, secret: s.secret.trim() })) },
        explain: (hit) =>
          `Secret #${hit.secret.index + 1} has surrounding whitespace (a pasted newline or space); it matches once trimmed — remove the whitespace from the configured secret.`,
      },
    ];
  },
  'whsec-decoding': (m) => {
    if (!m.covers.hmac) return [];
    const whsec = m.base.secrets.some((s) => s.secret.startsWith('whsec_'));
    const others: KeyEncoding[] = m.base.keyEncoding === 'utf8' ? (whsec ? ['whsec'] : ['hex', 'base64']) : ['utf8'];
    return others.map((keyEncoding) => ({
      attempt: { ...m.base, keyEncoding },
      explain: () =>
        `The sender used ${KEY_DECODING_WORDS[keyEncoding]} but this scheme uses ${KEY_DECODING_WORDS[m.base.keyEncoding]}` +
        (whsec ? ' (Stripe keys with the whole `whsec_…` string, Svix and Standard Webhooks with the base64 after it)' : '') +
        ' — pick the scheme that matches the sender, or set keyEncoding.',
    }));
  },
  encoding: (m) => {
    if (!m.covers.hmac) return [];
    const encoding = m.base.encoding === 'hex' ? 'base64' : 'hex';
    return [
      {
        attempt: { ...m.base, encoding },
        explain: () =>
          `The signature is ${encoding} where this scheme expects ${m.base.encoding} — the sender encodes the digest differently; pick the matching scheme or set encoding: ${encoding}.`,
      },
    ];
  },
  algorithm: (m) => {
    if (!m.covers.hmac) return [];
    return HMACS.filter((a) => a !== m.base.algorithm).map((algorithm) => ({
      attempt: { ...m.base, algorithm },
      explain: () =>
        `The signature is ${HMAC_NAME[algorithm]}, not ${HMAC_NAME[m.base.algorithm]} — headers like X-Hub-Signature carry SHA-1 for GitHub's legacy header and Intercom but SHA-256 for Bitbucket; pick the scheme that matches the sender.`,
    }));
  },
  'compact-json': reserialized('compact-json', undefined),
  'pretty-json': reserialized('pretty-json', 2),
  'timestamp-unit': (m) => {
    const ts = m.timestamp;
    if (!m.covers.timestamp || !ts || ts.unit === 'rfc3339' || m.base.ts === undefined) return [];
    const n = Number(ts.raw.trim());
    const [other, text] = ts.unit === 's' ? ['milliseconds', String(n * 1000)] : ['seconds', String(Math.floor(n / 1000))];
    const sent = ts.unit === 's' ? 'seconds' : 'milliseconds';
    return [
      {
        attempt: { ...m.base, ts: text },
        explain: () =>
          `The sender signed the timestamp in ${other} but sent it in ${sent} — its signing code and its header disagree on the unit; fix the sender so both use the same one.`,
      },
    ];
  },
  url: (m, input) => {
    if (!m.covers.url) return [];
    const tried = new Set(m.base.urls);
    return m.base.urls
      .flatMap((u) => (u ? alternateUrls(u) : []))
      .filter((u) => !tried.has(u) && (tried.add(u), true))
      .map((url) => ({
        attempt: { ...m.base, urls: [url] },
        explain: () =>
          `The signature matches ${url}, not ${m.base.urls[0]} — a proxy or tunnel changed the URL's scheme or port; set the endpoint's public URL to exactly what the provider calls` +
          (input.urlSource === 'host-header' ? ' (none is set, so Hookbay guessed it from the Host header).' : '.'),
      }));
  },
  'other-secret': (m, input) => {
    if (input.otherSecrets.length === 0) return [];
    return [
      {
        attempt: {
          ...m.base,
          secrets: input.otherSecrets.map((o, index) => ({ index, secret: o.secret, otherEndpoint: o.label })),
        },
        explain: (hit) =>
          `The request was signed with the secret configured on endpoint "${hit.secret.otherEndpoint}", not one of this endpoint's — copy that secret here or send to the right endpoint.`,
      },
    ];
  },
} satisfies Record<MistakeKind, VariantsOf>;

export interface Diagnosis {
  /** `deferred`: trying the usual mistakes would exceed the budget; run again without one to know. */
  kind: MistakeKind | 'wrong-secret' | 'deferred';
  reason: string;
}

function secretsWords(m: Matcher): string {
  return m.base.secrets.length === 1 ? 'the configured secret' : `any of the ${m.base.secrets.length} configured secrets`;
}

const MB = 1024 * 1024;

function deferred(m: Matcher, input: VerifyInput): Diagnosis {
  const size = `${(input.req.body.length / MB).toFixed(1)} MB`;
  return {
    kind: 'deferred',
    reason:
      `The signature does not match ${secretsWords(m)}, and checking the usual mistakes would hash this ${size} body too many times ` +
      'for the receiver to do while capturing — opening the request runs that diagnosis.',
  };
}

/**
 * Tries each usual mistake in turn and names the first that would have matched. Each attempt
 * re-hashes the body, so with a budget (bytes) the diagnosis stops before exceeding it and is
 * `deferred` to when someone opens the request.
 */
export function diagnose(m: Matcher, input: VerifyInput): Diagnosis {
  const budget = input.diagnosisBudgetBytes;
  let spent = attemptCost(m.base);
  for (const [kind, variantsOf] of Object.entries(MISTAKES) as [MistakeKind, VariantsOf][]) {
    for (const v of variantsOf(m, input)) {
      if (budget !== undefined) {
        spent += attemptCost(v.attempt);
        if (spent > budget) return deferred(m, input);
      }
      const hit = m.find(v.attempt);
      if (hit) return { kind, reason: v.explain(hit) };
    }
  }
  const urlNote =
    m.covers.url && input.urlSource === 'host-header'
      ? ', or the URL is not the one the provider signed (no public URL is set, so Hookbay guessed it from the Host header)'
      : '';
  const secrets = secretsWords(m);
  return {
    kind: 'wrong-secret',
    reason: `The signature does not match ${secrets}, and no usual mistake explains it: the secret is wrong (copy it again from the provider), or the request was changed in transit${urlNote}.`,
  };
}
