import { presetScheme } from '../preset';

/**
 * Twitch EventSub: Message id, RFC 3339 timestamp and body concatenated without separators.
 */
export const twitch = presetScheme({
  id: 'twitch',
  label: 'Twitch EventSub',
  signs: '`{id}{ts}{body}`',
  options: {
    signatureHeader: 'Twitch-Eventsub-Message-Signature',
    prefix: 'sha256=',
    content: '{id}{ts}{body}',
    idHeader: 'Twitch-Eventsub-Message-Id',
    timestamp: { from: 'header', name: 'Twitch-Eventsub-Message-Timestamp', unit: 'rfc3339' },
    toleranceSec: 600,
  },
});
