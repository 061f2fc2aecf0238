import { presetScheme } from '../preset';

/**
 * Whippy: Whippy signs with Svix (`svix-id/-timestamp/-signature`), keyed with the API key
 * selected for the webhook. Indistinguishable from plain Svix by headers, so `auto` says Svix.
 */
export const whippy = presetScheme({
  id: 'whippy',
  label: 'Whippy',
  signs: '`{id}.{ts}.{body}` (Svix)',
  options: {
    signatureHeader: 'svix-signature',
    format: 'list',
    prefix: 'v1,',
    content: '{id}.{ts}.{body}',
    encoding: 'base64',
    keyEncoding: 'whsec',
    idHeader: 'svix-id',
    timestamp: { from: 'header', name: 'svix-timestamp' },
    toleranceSec: 300,
  },
  detect: () => false,
});
