import { presetScheme } from '../preset';

/**
 * Sentry: Hex HMAC-SHA256; Sentry's sample verifies `JSON.stringify(request.body)`, so compact
 * JSON is accepted too.
 */
export const sentry = presetScheme({
  id: 'sentry',
  label: 'Sentry',
  signs: 'body (raw, or compact JSON)',
  options: { signatureHeader: 'Sentry-Hook-Signature', acceptCompactJson: true },
});
