import { presetScheme } from '../preset';

/**
 * Vercel: Hex HMAC-SHA1 of the raw body.
 */
export const vercel = presetScheme({
  id: 'vercel',
  label: 'Vercel',
  signs: 'raw body',
  options: { signatureHeader: 'x-vercel-signature', algorithm: 'hmac-sha1' },
});
