import { presetScheme } from '../preset';

/**
 * Calendly: `Calendly-Webhook-Signature: t=…,v1=<hex>`, Stripe-like with a 3-minute tolerance.
 */
export const calendly = presetScheme({
  id: 'calendly',
  label: 'Calendly',
  signs: '`{t}.{body}`',
  options: {
    signatureHeader: 'Calendly-Webhook-Signature',
    format: 'composite',
    signatureKey: 'v1',
    content: '{ts}.{body}',
    timestamp: { from: 'composite', name: 't' },
    toleranceSec: 180,
  },
});
