import { z } from 'zod';
import { BoundedOptions, HttpUrl, LIMITS } from './fields';

/**
 * Signature verification contract. The scheme registry in `src-main/core/signatures`
 * owns the list of scheme ids; the contract accepts any id string and the core rejects
 * unknown ones with a field-named error, so adding a scheme never touches this file.
 */
export const VerificationStatus = z.enum(['valid', 'invalid', 'expired', 'missing', 'malformed', 'unverified']);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

export const VerifyConfig = z.object({
  /** Scheme id (`stripe`, `github`, `standard-webhooks`, `custom`, `auto`, …). */
  scheme: z.string().min(1).max(LIMITS.shortText),
  /** Active secrets, newest first; several are allowed for rotation. */
  secrets: z.array(z.string().min(1).max(LIMITS.secretChars)).max(LIMITS.secrets).default([]),
  /** Seconds of allowed clock skew; `null` ignores timestamps (verify old captures). */
  toleranceSec: z.number().int().nonnegative().nullable().optional(),
  /** Public URL the provider calls, for URL-bound schemes (Twilio, Square, HubSpot). */
  publicUrl: HttpUrl.optional(),
  /** Options of the `custom` scheme (and per-scheme extras). */
  options: BoundedOptions.optional(),
});
export type VerifyConfig = z.infer<typeof VerifyConfig>;

/** Signature algorithms the verifier implements (HMAC, and the asymmetric ones providers use). */
export const SignatureAlgorithm = z.enum(['hmac-sha1', 'hmac-sha256', 'hmac-sha512', 'ed25519', 'ecdsa-p256']);
export type SignatureAlgorithm = z.infer<typeof SignatureAlgorithm>;

/**
 * Options of the generic `custom` scheme. Most built-in schemes are just presets of this
 * shape, so anything a provider does with an HMAC over a template can be described here.
 */
export const CustomSchemeOptions = z
  .object({
    /** Header carrying the signature(s). */
    signatureHeader: z.string().min(1),
    /** Other names the same header goes by (first present wins). */
    alternateHeaders: z.array(z.string().min(1)).default([]),
    /** `plain`: one value; `composite`: `t=…,v1=…` pairs; `list`: space-separated `v1,<sig>` items. */
    format: z.enum(['plain', 'composite', 'list']).default('plain'),
    /** Pair separator of a composite header. */
    separator: z.enum([',', ';']).default(','),
    /** Key of the signature in a composite header (every occurrence counts: rotation). */
    signatureKey: z.string().min(1).default('v1'),
    /** Text before the signature (`sha256=`, `v0=`, or `v1,` for list items). */
    prefix: z.string().default(''),
    /** Signed content: `{body}`, `{ts}`, `{id}`, `{method}`, `{url}`, `{header:Name}` and literal text. */
    content: z.string().min(1).default('{body}'),
    algorithm: SignatureAlgorithm.default('hmac-sha256'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** How the secret string becomes key bytes (HMAC only; asymmetric keys are recognised by shape). */
    keyEncoding: z.enum(['utf8', 'hex', 'base64', 'whsec']).default('utf8'),
    timestamp: z
      .object({
        from: z.enum(['header', 'composite', 'body']),
        /** Header name, composite key, or top-level JSON body field. */
        name: z.string().min(1),
        /** `auto` reads values above 10^11 as milliseconds. */
        unit: z.enum(['s', 'ms', 'rfc3339', 'auto']).default('s'),
      })
      .optional(),
    /** Header carrying the message id for `{id}`. */
    idHeader: z.string().min(1).optional(),
    /** Default tolerance in seconds; `null` means the scheme has no timestamp check. */
    toleranceSec: z.number().int().nonnegative().nullable().default(null),
    /** Also accept a signature over the body re-serialized as compact JSON (providers whose own samples verify `JSON.stringify(req.body)`). */
    acceptCompactJson: z.boolean().default(false),
    /** Private key for asymmetric algorithms, used only to sign test events and re-signed replays. */
    privateKey: z.string().min(1).optional(),
  })
  .strict();
export type CustomSchemeOptions = z.output<typeof CustomSchemeOptions>;
export type CustomSchemeOptionsInput = z.input<typeof CustomSchemeOptions>;

export const Verification = z.object({
  status: VerificationStatus,
  scheme: z.string().nullable(),
  /** One sentence a user can act on. */
  reason: z.string(),
  /** Index and masked preview of the secret that matched; never the secret itself. */
  matchedSecret: z.object({ index: z.number().int(), preview: z.string() }).optional(),
  details: z.record(z.string(), z.unknown()).default({}),
  verifiedAt: z.number().optional(),
});
export type Verification = z.infer<typeof Verification>;

export const UNVERIFIED: Verification = {
  status: 'unverified',
  scheme: null,
  reason: 'No signature scheme is configured for this endpoint.',
  details: {},
};
