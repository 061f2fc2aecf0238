import { presetScheme } from '../preset';

/**
 * Zendesk: Base64 HMAC-SHA256 of the timestamp header followed by the body.
 */
export const zendesk = presetScheme({
  id: 'zendesk',
  label: 'Zendesk',
  signs: '`{ts}{body}`',
  options: {
    signatureHeader: 'X-Zendesk-Webhook-Signature',
    content: '{ts}{body}',
    encoding: 'base64',
    timestamp: { from: 'header', name: 'X-Zendesk-Webhook-Signature-Timestamp', unit: 'rfc3339' },
  },
});
