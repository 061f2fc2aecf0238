import { plaintextSecrets, type SecretCodec } from '../core/store/endpoint-store';

/** The part of Electron's `safeStorage` the codec uses (main process only, after `ready`). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** Stored secrets encrypted by this codec start with this tag; anything else is legacy plaintext. */
export const SAFE_STORAGE_TAG = 'safestorage:v1:';

export interface DesktopSecretCodec extends SecretCodec {
  /** True when encryption is real (an OS keychain / DPAPI / secret service, not a fixed key). */
  readonly encrypted: boolean;
  /** Set when a plaintext secret was read while encryption is available (re-save to encrypt it). */
  readonly sawPlaintext: boolean;
}

/**
 * Endpoint signing secrets at rest, encrypted with `safeStorage` where the OS offers real
 * protection. On Linux without a secret service Electron falls back to a hard-coded key
 * (`basic_text`); that is obfuscation, so it is treated as unavailable and said so.
 */
export function createSecretCodec(safeStorage: SafeStorageLike, platform: NodeJS.Platform): DesktopSecretCodec {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const available = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  let sawPlaintext = false;

  const where =
    platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : `the system secret service (${backend ?? 'unknown'})`;
  const description = available
    ? `encrypted with ${where} via Electron safeStorage`
    : `${plaintextSecrets.description}; no OS encryption is available here` +
      (backend ? ` (safeStorage backend: ${backend})` : '');

  return {
    description,
    encrypted: available,
    get sawPlaintext() {
      return sawPlaintext;
    },
    encode(secret: string): string {
      if (!available) return secret;
      return SAFE_STORAGE_TAG + safeStorage.encryptString(secret).toString('base64');
    },
    decode(stored: string): string {
      if (!stored.startsWith(SAFE_STORAGE_TAG)) {
        if (available) sawPlaintext = true;
        return stored;
      }
      if (!available) {
        throw new Error(
          'Endpoint secrets in this data directory were encrypted with the OS keychain, which is not available now ' +
            `(${backend ? `safeStorage backend: ${backend}` : 'safeStorage unavailable'}). Unlock or install the keychain and restart Hookbay.`,
        );
      }
      try {
        return safeStorage.decryptString(Buffer.from(stored.slice(SAFE_STORAGE_TAG.length), 'base64'));
      } catch (err) {
        throw new Error(
          `An endpoint secret could not be decrypted (${err instanceof Error ? err.message : String(err)}); ` +
            'it was probably encrypted by another user account or machine.',
          { cause: err },
        );
      }
    },
  };
}
