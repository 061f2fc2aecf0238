import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Hookbay } from '../../src-main/core/hookbay';
import { SAFE_STORAGE_TAG, createSecretCodec, type SafeStorageLike } from '../../src-main/shell/secret-codec';

/** Stands in for Electron's safeStorage: a reversible transform that is visibly not plaintext. */
function fakeSafeStorage(o: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => o.available ?? true,
    encryptString: (s) => Buffer.from(`enc(${s})`, 'utf8').reverse(),
    decryptString: (b) => {
      const s = Buffer.from(b).reverse().toString('utf8');
      if (!s.startsWith('enc(')) throw new Error('bad ciphertext');
      return s.slice(4, -1);
    },
    getSelectedStorageBackend: () => o.backend ?? 'gnome_libsecret',
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('safeStorage secret codec', () => {
  it('encrypts with a tag and decrypts back', () => {
    const codec = createSecretCodec(fakeSafeStorage(), 'darwin');
    const stored = codec.encode('whsec_abc');
    expect(stored.startsWith(SAFE_STORAGE_TAG)).toBe(true);
    expect(stored).not.toContain('whsec_abc');
    expect(codec.decode(stored)).toBe('whsec_abc');
    expect(codec.encrypted).toBe(true);
    expect(codec.description).toMatch(/macOS Keychain/);
  });

  it('reads legacy plaintext and flags it for re-encryption', () => {
    const codec = createSecretCodec(fakeSafeStorage(), 'win32');
    expect(codec.sawPlaintext).toBe(false);
    expect(codec.decode('whsec_old')).toBe('whsec_old');
    expect(codec.sawPlaintext).toBe(true);
    expect(codec.description).toMatch(/DPAPI/);
  });

  it('says plainly when the OS offers no encryption (Linux basic_text is a fixed key)', () => {
    for (const codec of [
      createSecretCodec(fakeSafeStorage({ backend: 'basic_text' }), 'linux'),
      createSecretCodec(fakeSafeStorage({ available: false }), 'linux'),
    ]) {
      expect(codec.encrypted).toBe(false);
      expect(codec.encode('s3cret')).toBe('s3cret');
      expect(codec.description).toMatch(/unencrypted.*0600.*no OS encryption/);
    }
    expect(createSecretCodec(fakeSafeStorage({ backend: 'basic_text' }), 'linux').description).toMatch(/basic_text/);
  });

  it('fails with a clear message rather than losing encrypted secrets', () => {
    const stored = createSecretCodec(fakeSafeStorage(), 'linux').encode('x');
    expect(() => createSecretCodec(fakeSafeStorage({ available: false }), 'linux').decode(stored)).toThrow(/keychain, which is not available now/);
    expect(() => createSecretCodec(fakeSafeStorage(), 'linux').decode(`${SAFE_STORAGE_TAG}AAAA`)).toThrow(/could not be decrypted/);
  });

  it('keeps endpoint secrets out of the database file, and the core reads them back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-secrets-'));
    dirs.push(dataDir);
    const secrets = createSecretCodec(fakeSafeStorage(), 'linux');
    const core = await Hookbay.start({ dataDir, receiverPort: 0 }, { secrets, mode: 'desktop' });
    const ep = core.endpoints.create({
      name: 'Stripe',
      slug: 'stripe',
      verify: { scheme: 'stripe', secrets: ['whsec_TOPSECRET'] },
    } as Parameters<typeof core.endpoints.create>[0]);
    expect(core.secretStorage).toMatch(/encrypted with the system secret service/);
    await core.close();

    const raw = new Database(path.join(dataDir, 'hookbay.db'), { readonly: true });
    const config = (raw.prepare('SELECT config FROM endpoints WHERE id = ?').get(ep.id) as { config: string }).config;
    raw.close();
    expect(config).not.toContain('TOPSECRET');
    expect(config).toContain(SAFE_STORAGE_TAG);

    const again = await Hookbay.start({ dataDir, receiverPort: 0 }, { secrets: createSecretCodec(fakeSafeStorage(), 'linux'), mode: 'desktop' });
    expect(again.endpoints.byIdOrSlug('stripe')?.verify?.secrets).toEqual(['whsec_TOPSECRET']);
    await again.close();
  });
});
