import { presetScheme } from '../preset';

/**
 * Discord: Ed25519 over timestamp + body; the secret is the application's hex public key (or
 * a private key, which also lets Hookbay sign test events).
 */
export const discord = presetScheme({
  id: 'discord',
  label: 'Discord',
  signs: '`{ts}{body}`',
  options: {
    signatureHeader: 'X-Signature-Ed25519',
    content: '{ts}{body}',
    algorithm: 'ed25519',
    timestamp: { from: 'header', name: 'X-Signature-Timestamp' },
  },
});
