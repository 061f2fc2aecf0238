import { presetScheme } from '../preset';

/**
 * Paddle Billing: `Paddle-Signature: ts=…;h1=…` (`;`-separated). Paddle's SDK allows only 5 s of
 * skew; raise the tolerance when verifying anything but live traffic.
 */
export const paddle = presetScheme({
  id: 'paddle',
  label: 'Paddle Billing',
  signs: '`{ts}:{body}`',
  options: {
    signatureHeader: 'Paddle-Signature',
    format: 'composite',
    separator: ';',
    signatureKey: 'h1',
    content: '{ts}:{body}',
    timestamp: { from: 'composite', name: 'ts' },
    toleranceSec: 5,
  },
});
