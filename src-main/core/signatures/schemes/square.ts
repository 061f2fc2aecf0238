import { presetScheme } from '../preset';

/**
 * Square: Base64 HMAC-SHA256 of the notification URL followed by the body: the URL must be
 * the public one Square calls.
 */
export const square = presetScheme({
  id: 'square',
  label: 'Square',
  signs: '`{url}{body}`',
  options: { signatureHeader: 'x-square-hmacsha256-signature', content: '{url}{body}', encoding: 'base64' },
});
