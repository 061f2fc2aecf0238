import { headerValue } from '../../http/headers';
import { presetScheme } from '../preset';

/**
 * Bitbucket: `X-Hub-Signature: sha256=<hex>` — same header as Intercom, but SHA-256.
 */
export const bitbucket = presetScheme({
  id: 'bitbucket',
  label: 'Bitbucket',
  signs: 'raw body',
  options: { signatureHeader: 'X-Hub-Signature', prefix: 'sha256=' },
  detect: (req) => (headerValue(req.headers, 'X-Hub-Signature') ?? '').startsWith('sha256='),
});
