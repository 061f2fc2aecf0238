import { CustomSchemeOptions } from '../../../contract/verification';
import { headerValue } from '../../http/headers';
import { Recipe } from '../recipe';
import type { Scheme } from '../types';
import { missing } from '../verdict';

// GitHub sends both; the SHA-1 header is legacy and only read when the SHA-256 one is absent.
const sha256 = new Recipe('github', CustomSchemeOptions.parse({ signatureHeader: 'X-Hub-Signature-256', prefix: 'sha256=' }));
const sha1 = new Recipe(
  'github',
  CustomSchemeOptions.parse({ signatureHeader: 'X-Hub-Signature', prefix: 'sha1=', algorithm: 'hmac-sha1' }),
);

/** GitHub: `X-Hub-Signature-256: sha256=<hex>` of the raw body, legacy `X-Hub-Signature: sha1=<hex>`. */
export const github: Scheme = {
  id: 'github',
  label: 'GitHub',
  signs: 'raw body',
  headers: ['X-Hub-Signature-256', 'X-Hub-Signature'],
  urlBound: false,
  defaultToleranceSec: null,
  detect: (req) => headerValue(req.headers, 'X-Hub-Signature-256') !== undefined || headerValue(req.headers, 'X-GitHub-Event') !== undefined,
  verify(input) {
    if (sha256.present(input.req)) return sha256.verify(input, null);
    if (sha1.present(input.req)) return sha1.verify(input, null);
    return missing('github', 'X-Hub-Signature-256');
  },
  sign(input) {
    return { headers: [...sha256.sign(input).headers, ...sha1.sign(input).headers] };
  },
};
