import { headerValue } from '../../http/headers';
import { presetScheme } from '../preset';

/**
 * SendPilot: `Webhook-Signature: t=<ts>,s=<hex>`. The docs do not say whether `t` is seconds or
 * milliseconds, so the unit is read from its magnitude. SendPilot keeps the old and new secret
 * valid for 24 h after a rotation: configure both.
 */
export const sendpilot = presetScheme({
  id: 'sendpilot',
  label: 'SendPilot',
  signs: '`{t}.{body}`',
  options: {
    signatureHeader: 'Webhook-Signature',
    format: 'composite',
    signatureKey: 's',
    content: '{ts}.{body}',
    timestamp: { from: 'composite', name: 't', unit: 'auto' },
    toleranceSec: 300,
  },
  // `Webhook-Signature` is also Standard Webhooks' header; SendPilot's value is `t=…,s=…`.
  detect: (req) => /^\s*t=\d+\s*,\s*s=/.test(headerValue(req.headers, 'Webhook-Signature') ?? ''),
});
