import { presetScheme } from '../preset';

/**
 * Zoom: `x-zm-signature: v0=<hex>`; Zoom publishes no tolerance, so none by default.
 */
export const zoom = presetScheme({
  id: 'zoom',
  label: 'Zoom',
  signs: '`v0:{ts}:{body}`',
  options: {
    signatureHeader: 'x-zm-signature',
    prefix: 'v0=',
    content: 'v0:{ts}:{body}',
    timestamp: { from: 'header', name: 'x-zm-request-timestamp' },
  },
});
