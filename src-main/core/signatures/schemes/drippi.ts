import { presetScheme } from '../preset';

/**
 * Drippi: HMAC-SHA256 of the raw body as `sha256=<hex>` in X-Drippi-Signature (Drippi's docs).
 */
export const drippi = presetScheme({
  id: 'drippi',
  label: 'Drippi',
  signs: 'raw body',
  options: { signatureHeader: 'X-Drippi-Signature', prefix: 'sha256=' },
});
