import { presetScheme } from '../preset';

/**
 * Coinbase Commerce: Hex HMAC-SHA256 of the raw body.
 */
export const coinbase = presetScheme({
  id: 'coinbase',
  label: 'Coinbase Commerce',
  signs: 'raw body',
  options: { signatureHeader: 'X-CC-Webhook-Signature' },
});
