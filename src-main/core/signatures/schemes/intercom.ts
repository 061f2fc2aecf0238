import { headerValue } from '../../http/headers';
import { presetScheme } from '../preset';

/**
 * Intercom: `X-Hub-Signature: sha1=<hex>` — the same header as Bitbucket's SHA-256 one.
 */
export const intercom = presetScheme({
  id: 'intercom',
  label: 'Intercom',
  signs: 'raw body',
  options: { signatureHeader: 'X-Hub-Signature', prefix: 'sha1=', algorithm: 'hmac-sha1' },
  detect: (req) =>
    (headerValue(req.headers, 'X-Hub-Signature') ?? '').startsWith('sha1=') && headerValue(req.headers, 'X-GitHub-Event') === undefined,
});
