import { presetScheme } from '../preset';

/**
 * Shopify: Base64 HMAC-SHA256 of the raw body.
 */
export const shopify = presetScheme({
  id: 'shopify',
  label: 'Shopify',
  signs: 'raw body',
  options: { signatureHeader: 'X-Shopify-Hmac-Sha256', encoding: 'base64' },
});
