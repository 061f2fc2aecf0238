import { presetScheme } from '../preset';

/**
 * Linear: Hex HMAC-SHA256 of the raw body; the timestamp is `webhookTimestamp` (ms) inside the
 * body, so a re-signed replay keeps the body's original timestamp.
 */
export const linear = presetScheme({
  id: 'linear',
  label: 'Linear',
  signs: 'raw body',
  options: {
    signatureHeader: 'Linear-Signature',
    timestamp: { from: 'body', name: 'webhookTimestamp', unit: 'ms' },
    toleranceSec: 60,
  },
});
