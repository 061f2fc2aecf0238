import type { Verification } from '../../contract/verification';
import { PROVIDER_SCHEMES } from './providers';
import { SigningError, type Scheme, type SignableRequest } from './types';

/** The first provider whose signature headers the request carries. */
export function detectScheme(req: SignableRequest): Scheme | null {
  for (const scheme of Object.values(PROVIDER_SCHEMES) as Scheme[]) if (scheme.detect(req)) return scheme;
  return null;
}

/** `auto`: picks the provider from the request's headers and says which it picked. */
export const auto: Scheme = {
  id: 'auto',
  label: 'Detect automatically',
  signs: 'whatever the detected provider signs',
  headers: [],
  urlBound: false,
  defaultToleranceSec: null,
  detect: () => false,
  verify(input): Verification {
    const scheme = detectScheme(input.req);
    if (!scheme) {
      return {
        status: 'missing',
        scheme: 'auto',
        reason: 'No known signature header was found, so no provider could be detected — choose the scheme explicitly, or describe it as a custom scheme.',
        details: { detected: null },
      };
    }
    const v = scheme.verify(input);
    // One sentence still: "Detected Stripe: the signature matches secret #1 (…)."
    const reason = `Detected ${scheme.label}: ${v.reason.charAt(0).toLowerCase()}${v.reason.slice(1)}`;
    return { ...v, reason, details: { ...v.details, detected: scheme.id } };
  },
  sign(input) {
    const scheme = detectScheme(input.req);
    if (!scheme) throw new SigningError('Cannot re-sign with "auto": the request carries no known signature header to detect the provider from.');
    return scheme.sign(input);
  },
};
