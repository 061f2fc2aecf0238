/**
 * Public face of the signature registry. Placeholder until the scheme registry lands:
 * the signatures below are the ones the rest of the core codes against.
 */
import type { HeaderPairs } from '../../contract/common';
import { UNVERIFIED, type Verification, type VerifyConfig } from '../../contract/verification';

export interface SignableRequest {
  method: string;
  /** Path as received (`/stripe/hook`), without query. */
  path: string;
  /** Raw query without `?`. */
  query: string;
  headers: HeaderPairs;
  body: Buffer;
}

export interface SignatureContext {
  /** The endpoint's public URL (tunnel or user-set) for URL-bound schemes. */
  publicUrl: string | null;
  /** Time to check timestamps against (ms epoch); defaults to the request's receive time. */
  now?: number;
}

/** Verifies a captured request against an endpoint's scheme; never throws. */
export function verifyRequest(
  _req: SignableRequest & { receivedAt: number },
  config: VerifyConfig | null,
  _ctx: SignatureContext,
): Verification {
  void config;
  return UNVERIFIED;
}

/** Returns the request's headers with fresh signature headers for `config` (fresh timestamp). */
export function resignRequest(_req: SignableRequest, _config: VerifyConfig, _ctx: SignatureContext): HeaderPairs {
  throw new Error('Re-signing is not available in this build yet.');
}
