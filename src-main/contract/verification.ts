import { z } from 'zod';

/**
 * Signature verification contract. The scheme registry in `src-main/core/signatures`
 * owns the list of scheme ids; the contract accepts any id string and the core rejects
 * unknown ones with a field-named error, so adding a scheme never touches this file.
 */
export const VerificationStatus = z.enum(['valid', 'invalid', 'expired', 'missing', 'malformed', 'unverified']);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

export const VerifyConfig = z.object({
  /** Scheme id (`stripe`, `github`, `standard-webhooks`, `custom`, `auto`, …). */
  scheme: z.string().min(1),
  /** Active secrets, newest first; several are allowed for rotation. */
  secrets: z.array(z.string().min(1)).default([]),
  /** Seconds of allowed clock skew; `null` ignores timestamps (verify old captures). */
  toleranceSec: z.number().int().nonnegative().nullable().optional(),
  /** Public URL the provider calls, for URL-bound schemes (Twilio, Square, HubSpot). */
  publicUrl: z.string().url().optional(),
  /** Options of the `custom` scheme (and per-scheme extras). */
  options: z.record(z.string(), z.unknown()).optional(),
});
export type VerifyConfig = z.infer<typeof VerifyConfig>;

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
