import crypto from 'node:crypto';
import type { SignatureAlgorithm } from '../../contract/verification';
import { hmacKey, privateKeyOf, publicKeyOf } from './keys';
import { SigningError, type KeyEncoding } from './types';

/**
 * Crypto operations (HMAC digests, public-key verifications) done to check signatures, for
 * tests and the bench to prove the work per request does not grow with header content.
 */
export const signatureWork = { operations: 0 };

/** A configured secret turned into something that can check (and maybe make) signatures. */
export interface PreparedKey {
  verify(content: Buffer, signature: Buffer): boolean;
  /**
   * True when any candidate is the signature of `content`. An HMAC is computed once and
   * compared with every candidate (constant-time, no early exit), so many candidates cost
   * comparisons, not digests.
   */
  verifyAny(content: Buffer, candidates: readonly Buffer[]): boolean;
  /** Null when the key can only verify (a public key). */
  sign: ((content: Buffer) => Buffer) | null;
}

interface AlgorithmSpec {
  kind: 'hmac' | 'asymmetric';
  /** Lengths a well-formed signature can have, for telling garbage from a wrong signature. */
  plausibleLength(bytes: number): boolean;
  /** Null when the secret is not a usable key for this algorithm. */
  prepare(secret: string, keyEncoding: KeyEncoding): PreparedKey | null;
}

/** Compares a digest with every candidate in constant time each, without stopping at a match. */
export function matchesAny(expected: Buffer, candidates: readonly Buffer[]): boolean {
  let matched = false;
  // timingSafeEqual throws on a length mismatch; a different length is simply not a match.
  for (const c of candidates) if (c.length === expected.length && crypto.timingSafeEqual(expected, c)) matched = true;
  return matched;
}

const HMAC_LENGTHS = new Set([20, 32, 64]);

function hmac(hash: 'sha1' | 'sha256' | 'sha512'): AlgorithmSpec {
  return {
    kind: 'hmac',
    // Any HMAC length is plausible so SHA-1 vs SHA-256 mix-ups reach the diagnosis.
    plausibleLength: (n) => HMAC_LENGTHS.has(n),
    prepare(secret, keyEncoding) {
      const key = hmacKey(secret, keyEncoding);
      if (!key) return null;
      const sign = (content: Buffer) => {
        signatureWork.operations++;
        return crypto.createHmac(hash, key).update(content).digest();
      };
      const verifyAny = (content: Buffer, candidates: readonly Buffer[]) => matchesAny(sign(content), candidates);
      return { sign, verifyAny, verify: (content, signature) => verifyAny(content, [signature]) };
    },
  };
}

function asymmetric(algorithm: 'ed25519' | 'ecdsa-p256', plausibleLength: (n: number) => boolean): AlgorithmSpec {
  const digest = algorithm === 'ed25519' ? null : 'sha256';
  return {
    kind: 'asymmetric',
    plausibleLength,
    prepare(secret) {
      const pub = publicKeyOf(secret, algorithm);
      if (!pub) return null;
      const priv = privateKeyOf(secret, algorithm);
      const verify = (content: Buffer, signature: Buffer) => {
        signatureWork.operations++;
        try {
          return crypto.verify(digest, content, pub, signature);
        } catch {
          return false;
        }
      };
      return {
        verify,
        // Public-key signatures cannot be compared, only verified: one operation per candidate (capped by the reader).
        verifyAny: (content, candidates) => candidates.some((c) => verify(content, c)),
        sign: priv ? (content) => crypto.sign(digest, content, priv) : null,
      };
    },
  };
}

export const ALGORITHMS = {
  'hmac-sha1': hmac('sha1'),
  'hmac-sha256': hmac('sha256'),
  'hmac-sha512': hmac('sha512'),
  ed25519: asymmetric('ed25519', (n) => n === 64),
  // DER-encoded ECDSA P-256 signatures are 8–72 bytes.
  'ecdsa-p256': asymmetric('ecdsa-p256', (n) => n >= 8 && n <= 72),
} satisfies Record<SignatureAlgorithm, AlgorithmSpec>;

/** Signs with a secret, or explains why it cannot (public keys only verify). */
export function signWith(algorithm: SignatureAlgorithm, secret: string, keyEncoding: KeyEncoding, content: Buffer): Buffer {
  const key = ALGORITHMS[algorithm].prepare(secret, keyEncoding);
  if (!key) throw new SigningError(`The secret is not a usable ${algorithm} key.`);
  if (!key.sign) {
    throw new SigningError(`Signing ${algorithm} needs the private key; the configured secret is a public key.`);
  }
  return key.sign(content);
}
