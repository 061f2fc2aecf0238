import crypto, { type KeyObject } from 'node:crypto';
import type { KeyEncoding } from './types';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function isHex(text: string): boolean {
  return HEX.test(text);
}

export function isBase64(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

/** HMAC key bytes from a configured secret, or null when it does not decode as told. */
export function hmacKey(secret: string, encoding: KeyEncoding): Buffer | null {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(secret, 'utf8');
    case 'hex':
      return isHex(secret) ? Buffer.from(secret, 'hex') : null;
    case 'base64':
      return isBase64(secret) ? Buffer.from(secret, 'base64') : null;
    case 'whsec': {
      // Svix and Standard Webhooks key the HMAC with the base64 *after* the prefix.
      const body = secret.startsWith('whsec_') ? secret.slice(6) : secret;
      return isBase64(body) ? Buffer.from(body, 'base64') : null;
    }
  }
}

// DER prefixes that wrap a raw 32-byte Ed25519 key as SPKI / PKCS#8.
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

export type AsymmetricAlgorithm = 'ed25519' | 'ecdsa-p256';

/** Raw bytes of a key written as hex, base64, or with a Standard Webhooks `whpk_`/`whsk_` prefix. */
function keyBytes(text: string): Buffer | null {
  const body = text.replace(/^wh(?:pk|sk)_/, '').trim();
  if (isHex(body)) return Buffer.from(body, 'hex');
  if (isBase64(body)) return Buffer.from(body, 'base64');
  return null;
}

function tryKey<T>(make: () => T): T | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/**
 * A private key from PEM, a raw Ed25519 seed (hex/base64/`whsk_`, 32 or 64 bytes), or
 * PKCS#8 DER in base64. Null when the text is not a private key for `algorithm`.
 */
export function privateKeyOf(text: string, algorithm: AsymmetricAlgorithm): KeyObject | null {
  const trimmed = text.trim();
  if (trimmed.includes('PRIVATE KEY')) return tryKey(() => crypto.createPrivateKey(trimmed));
  if (algorithm === 'ed25519' && /^whpk_/.test(trimmed)) return null;
  const bytes = keyBytes(trimmed);
  if (!bytes) return null;
  if (algorithm === 'ed25519' && (bytes.length === 32 || bytes.length === 64) && (/^whsk_/.test(trimmed) || bytes.length === 64)) {
    const seed = bytes.subarray(0, 32);
    return tryKey(() => crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' }));
  }
  return tryKey(() => crypto.createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }));
}

/**
 * The public key to verify with: PEM, raw Ed25519 (hex/base64/`whpk_`), SPKI DER in base64
 * (SendGrid's format), or derived from a private key so one configured pair can both sign
 * test events and verify them.
 */
export function publicKeyOf(text: string, algorithm: AsymmetricAlgorithm): KeyObject | null {
  const trimmed = text.trim();
  const key = (() => {
    if (trimmed.includes('PRIVATE KEY') || /^whsk_/.test(trimmed)) {
      const priv = privateKeyOf(trimmed, algorithm);
      return priv ? crypto.createPublicKey(priv) : null;
    }
    if (trimmed.includes('PUBLIC KEY')) return tryKey(() => crypto.createPublicKey(trimmed));
    const bytes = keyBytes(trimmed);
    if (!bytes) return null;
    if (algorithm === 'ed25519' && bytes.length === 32) {
      return tryKey(() => crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI, bytes]), format: 'der', type: 'spki' }));
    }
    return tryKey(() => crypto.createPublicKey({ key: bytes, format: 'der', type: 'spki' }));
  })();
  if (!key) return null;
  const expected = algorithm === 'ed25519' ? 'ed25519' : 'ec';
  if (key.asymmetricKeyType !== expected) return null;
  if (algorithm === 'ecdsa-p256' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return null;
  return key;
}
