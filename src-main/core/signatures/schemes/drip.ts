import { presetScheme } from '../preset';

/**
 * DRIP: DRIP's own sample verifies `JSON.stringify(req.body)`, so a signature over the
 * compact re-serialization is accepted too (and reported as such).
 */
export const drip = presetScheme({
  id: 'drip',
  label: 'DRIP',
  signs: 'body (raw, or compact JSON)',
  options: { signatureHeader: 'X-Drip-Signature', prefix: 'sha256=', acceptCompactJson: true },
});
