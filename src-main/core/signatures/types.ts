import type { HeaderPairs } from '../../contract/common';
import type { CustomSchemeOptionsInput, SignatureAlgorithm, Verification } from '../../contract/verification';

export interface SignableRequest {
  method: string;
  /** Path as received (`/stripe/hook`), without query. */
  path: string;
  /** Raw query without `?`. */
  query: string;
  headers: HeaderPairs;
  body: Buffer;
}

/** A secret configured on some other endpoint, tried only to diagnose a failure. */
export interface LabelledSecret {
  label: string;
  secret: string;
}

export interface SignatureContext {
  /**
   * The URL the provider called for this request (tunnel or user-set), for URL-bound schemes.
   * The request's query is appended when this URL has none.
   */
  publicUrl: string | null;
  /** Time to check timestamps against (ms epoch); defaults to the request's receive time. */
  now?: number;
  /** Secrets of other endpoints: a match names "the secret of endpoint X" as the cause. */
  otherSecrets?: readonly LabelledSecret[];
  /**
   * Body bytes a failed verification may hash to diagnose the cause; past it the verdict says
   * `diagnosis: 'deferred'` and the diagnosis runs when the request is opened. Unset: no limit.
   */
  diagnosisBudgetBytes?: number;
}

export type SignatureEncoding = 'hex' | 'base64';
export type KeyEncoding = 'utf8' | 'hex' | 'base64' | 'whsec';

/** Everything a scheme needs to verify one request, resolved from the config and context. */
export interface VerifyInput {
  req: SignableRequest;
  secrets: readonly string[];
  /** `undefined`: the scheme's default; `null`: ignore timestamps. */
  toleranceSec: number | null | undefined;
  /** URLs the provider may have called, best guess first (URL-bound schemes only). */
  urls: readonly string[];
  /** Where `urls` came from, so a failure can say so. */
  urlSource: 'public' | 'host-header' | 'none';
  now: number;
  otherSecrets: readonly LabelledSecret[];
  options: Readonly<Record<string, unknown>>;
  /** See `SignatureContext.diagnosisBudgetBytes`. */
  diagnosisBudgetBytes?: number;
}

export interface SignInput {
  req: SignableRequest;
  secret: string;
  /** The URL the receiver will see as the provider's, for URL-bound schemes. */
  url: string | null;
  now: number;
  options: Readonly<Record<string, unknown>>;
}

/** What signing produces: the signature headers, and a new body for schemes that sign inside it. */
export interface SignedParts {
  headers: HeaderPairs;
  body?: Buffer;
}

export interface OptionIssue {
  /** Path under `verify.options` (`content`, `timestamp.unit`). */
  path: string;
  message: string;
}

/** One signature scheme: how to recognise, verify and produce a provider's signature. */
export interface Scheme {
  id: string;
  label: string;
  /** Headers the scheme reads or writes; re-signing replaces exactly these. */
  headers: readonly string[];
  /** Signed content includes the URL the provider called. */
  urlBound: boolean;
  defaultToleranceSec: number | null;
  /** One-line description of what is signed, for docs and the UI. */
  signs: string;
  /** True when the request carries this scheme's signature header(s) (used by `auto`). */
  detect(req: SignableRequest): boolean;
  /** Never throws. */
  verify(input: VerifyInput): Verification;
  /** Throws `SigningError` when the secret cannot sign (e.g. a public key). */
  sign(input: SignInput): SignedParts;
  validateOptions?(options: Readonly<Record<string, unknown>>): OptionIssue[];
  /** Set when the scheme is exactly this `custom` configuration. */
  preset?: CustomSchemeOptionsInput;
}

export class SigningError extends Error {
  override name = 'SigningError';
}

export type { SignatureAlgorithm };
