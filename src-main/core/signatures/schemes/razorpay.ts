import { presetScheme } from '../preset';

/**
 * Razorpay: Hex HMAC-SHA256 of the raw body.
 */
export const razorpay = presetScheme({
  id: 'razorpay',
  label: 'Razorpay',
  signs: 'raw body',
  options: { signatureHeader: 'X-Razorpay-Signature' },
});
