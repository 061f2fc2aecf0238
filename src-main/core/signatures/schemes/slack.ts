import { presetScheme } from '../preset';

/**
 * Slack: `X-Slack-Signature: v0=<hex>` with the timestamp in its own header.
 */
export const slack = presetScheme({
  id: 'slack',
  label: 'Slack',
  signs: '`v0:{ts}:{body}`',
  options: {
    signatureHeader: 'X-Slack-Signature',
    prefix: 'v0=',
    content: 'v0:{ts}:{body}',
    timestamp: { from: 'header', name: 'X-Slack-Request-Timestamp' },
    toleranceSec: 300,
  },
});
