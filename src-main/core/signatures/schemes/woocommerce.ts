import { presetScheme } from '../preset';

/**
 * WooCommerce: Base64 HMAC-SHA256 of the raw body.
 */
export const woocommerce = presetScheme({
  id: 'woocommerce',
  label: 'WooCommerce',
  signs: 'raw body',
  options: { signatureHeader: 'X-WC-Webhook-Signature', encoding: 'base64' },
});
