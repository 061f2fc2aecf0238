import { presetScheme } from '../preset';

/**
 * SendGrid: ECDSA P-256/SHA-256, base64 DER signature; the secret is the base64 DER public key from
 * Mail Settings (or a private key, to sign test events).
 */
export const sendgrid = presetScheme({
  id: 'sendgrid',
  label: 'SendGrid',
  signs: '`{ts}{body}`',
  options: {
    signatureHeader: 'X-Twilio-Email-Event-Webhook-Signature',
    content: '{ts}{body}',
    algorithm: 'ecdsa-p256',
    encoding: 'base64',
    timestamp: { from: 'header', name: 'X-Twilio-Email-Event-Webhook-Timestamp' },
  },
});
