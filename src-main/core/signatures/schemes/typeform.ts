import { presetScheme } from '../preset';

/**
 * Typeform: `Typeform-Signature: sha256=<base64>`.
 */
export const typeform = presetScheme({
  id: 'typeform',
  label: 'Typeform',
  signs: 'raw body',
  options: { signatureHeader: 'Typeform-Signature', prefix: 'sha256=', encoding: 'base64' },
});
