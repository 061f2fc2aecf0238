import crypto from 'node:crypto';
import type { SignatureAlgorithm } from '../../contract/verification';
import { hmacKey, privateKeyOf, publicKeyOf } from './keys';
import { SigningError, type KeyEncoding } from './types';

/** A configured secret turned into something that can check (and maybe make) signatures. */
export interface PreparedKey {
  verify(content: Buffer, signature: Buffer): boolean;
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

const HMAC_LENGTHS = new Set([20, 32, 64]);

function hmac(hash: 'sha1' | 'sha256' | 'sha512'): AlgorithmSpec {
  return {
    kind: 'hmac',
    // Any HMAC length is plausible so SHA-1 vs SHA-256 mix-ups reach the diagnosis.
    plausibleLength: (n) => HMAC_LENGTHS.has(n),
    prepare(secret, keyEncoding) {
      const key = hmacKey(secret, keyEncoding);
      if (!key) return null;
      const sign = (content: Buffer) => crypto.createHmac(hash, key).update(content).digest();
      return {
        sign,
        // timingSafeEqual throws on a length mismatch; a different length is simply not a match.
        verify: (content, signature) => {
          const expected = sign(content);
          return expected.length === signature.length && crypto.timingSafeEqual(expected, signature);
        },
      };
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
      return {
        verify: (content, signature) => {
          try {
            return crypto.verify(digest, content, pub, signature);
          } catch {
            return false;
          }
        },
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
