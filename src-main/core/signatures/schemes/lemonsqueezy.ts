import { headerValue } from '../../http/headers';
import { presetScheme } from '../preset';

/**
 * Lemon Squeezy: Hex HMAC-SHA256 of the raw body.
 */
export const lemonsqueezy = presetScheme({
  id: 'lemonsqueezy',
  label: 'Lemon Squeezy',
  signs: 'raw body',
  options: { signatureHeader: 'X-Signature' },
  // `X-Signature` is generic; Lemon Squeezy also sends X-Event-Name.
  detect: (req) => headerValue(req.headers, 'X-Signature') !== undefined && headerValue(req.headers, 'X-Event-Name') !== undefined,
});
