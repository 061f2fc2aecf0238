import { presetScheme } from '../preset';

/**
 * Svix: Svix (Clerk, Resend, …): space-separated `v1,<base64>` list, HMAC keyed with the
 * base64 after `whsec_`.
 */
export const SVIX_OPTIONS = {
  signatureHeader: 'svix-signature',
  format: 'list',
  prefix: 'v1,',
  content: '{id}.{ts}.{body}',
  encoding: 'base64',
  keyEncoding: 'whsec',
  idHeader: 'svix-id',
  timestamp: { from: 'header', name: 'svix-timestamp' },
  toleranceSec: 300,
} as const;

export const svix = presetScheme({
  id: 'svix',
  label: 'Svix',
  signs: '`{id}.{ts}.{body}`',
  options: SVIX_OPTIONS,
});
