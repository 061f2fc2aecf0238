import { presetScheme } from '../preset';

/**
 * Stripe: `Stripe-Signature: t=…,v1=…[,v1=…]`. Unlike Svix, Stripe keys the HMAC with the
 * whole `whsec_…` string as UTF-8. `v0` (test-mode legacy) values are ignored.
 */
export const stripe = presetScheme({
  id: 'stripe',
  label: 'Stripe',
  signs: '`{t}.{body}`',
  options: {
    signatureHeader: 'Stripe-Signature',
    format: 'composite',
    signatureKey: 'v1',
    content: '{ts}.{body}',
    timestamp: { from: 'composite', name: 't' },
    toleranceSec: 300,
  },
});
