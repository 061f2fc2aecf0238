import { presetScheme } from '../preset';

/**
 * Drop Cowboy: Plain hex HMAC-SHA256. The docs' sample reads `x-dropcowboy-signature` and hashes
 * `JSON.stringify(req.body)`; `x-dc-signature` is an unconfirmed alternative name.
 */
export const dropcowboy = presetScheme({
  id: 'dropcowboy',
  label: 'Drop Cowboy',
  signs: 'body (raw, or compact JSON)',
  options: {
    signatureHeader: 'x-dropcowboy-signature',
    alternateHeaders: ['x-dc-signature'],
    acceptCompactJson: true,
  },
});
