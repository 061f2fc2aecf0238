import { presetScheme } from '../preset';

/**
 * HubSpot (v3): Signature v3: base64 HMAC-SHA256 of method, public URL, body and the ms timestamp.
 */
export const hubspot = presetScheme({
  id: 'hubspot',
  label: 'HubSpot (v3)',
  signs: '`{method}{url}{body}{ts}`',
  options: {
    signatureHeader: 'X-HubSpot-Signature-v3',
    content: '{method}{url}{body}{ts}',
    encoding: 'base64',
    timestamp: { from: 'header', name: 'X-HubSpot-Request-Timestamp', unit: 'ms' },
    toleranceSec: 300,
  },
});
