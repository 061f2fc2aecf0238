import { presetScheme } from '../preset';
import { SVIX_OPTIONS } from './svix';

/**
 * Whippy: Whippy signs with Svix (`svix-id/-timestamp/-signature`), keyed with the API key
 * selected for the webhook. Indistinguishable from plain Svix by headers, so `auto` says Svix.
 */
export const whippy = presetScheme({
  id: 'whippy',
  label: 'Whippy',
  signs: '`{id}.{ts}.{body}` (Svix)',
  options: SVIX_OPTIONS,
  detect: () => false,
});
