import type { SignatureAlgorithm } from '../../contract/verification';
import type { ProviderTimestamp } from './timestamp';
import type { KeyEncoding, SignatureEncoding } from './types';

export type BodyForm = 'raw' | 'compact-json' | 'pretty-json';

export interface BodyVariant {
  form: BodyForm;
  bytes: Buffer;
}

/** A secret with its position in the endpoint's list (or another endpoint's label). */
export interface IndexedSecret {
  index: number;
  secret: string;
  /** Set for secrets of other endpoints, tried only during diagnosis. */
  otherEndpoint?: string;
}

/**
 * One way of checking a request. Verification runs the scheme's base attempt; diagnosis
 * re-runs it with one knob changed (body form, key decoding, encoding…) to name the mistake.
 */
export interface MatchAttempt {
  algorithm: SignatureAlgorithm;
  encoding: SignatureEncoding;
  keyEncoding: KeyEncoding;
  secrets: readonly IndexedSecret[];
  bodies: readonly BodyVariant[];
  urls: readonly (string | null)[];
  /** Timestamp text as placed in the signed content. */
  ts: string | undefined;
}

export interface MatchHit {
  secret: IndexedSecret;
  url: string | null;
  body: BodyForm;
}

/** What a scheme's signature covers; diagnoses that vary anything else are skipped. */
export interface Coverage {
  body: boolean;
  url: boolean;
  timestamp: boolean;
  /** The scheme is an HMAC whose algorithm, digest encoding and key decoding could be mixed up. */
  hmac: boolean;
}

/**
 * Signatures read from one header, at most: a sender rotating secrets sends two or three, and
 * a 64 KB header could otherwise carry ~10,000 for the receiver to check.
 */
export const MAX_SIGNATURE_CANDIDATES = 16;

export interface Matcher {
  base: MatchAttempt;
  covers: Coverage;
  timestamp: ProviderTimestamp | null;
  /** How many signatures the request carried (multi-signature headers). */
  signatureCount: number;
  /** How many of them were checked (the first `MAX_SIGNATURE_CANDIDATES`); defaults to all. */
  signaturesChecked?: number;
  find(attempt: MatchAttempt): MatchHit | null;
}

export const RAW_ONLY = (body: Buffer): BodyVariant[] => [{ form: 'raw', bytes: body }];

export function indexSecrets(secrets: readonly string[]): IndexedSecret[] {
  return secrets.map((secret, index) => ({ index, secret }));
}

/** Bytes an attempt hashes at most (every secret × URL × body), to keep diagnosis within a budget. */
export function attemptCost(a: MatchAttempt): number {
  const bodyBytes = a.bodies.reduce((n, b) => n + b.bytes.length, 0);
  return a.secrets.length * a.urls.length * bodyBytes;
}
