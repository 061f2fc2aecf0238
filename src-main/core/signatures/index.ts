/**
 * Public face of the signature registry: verify a captured request against an endpoint's
 * scheme, and sign (or re-sign) requests the way a provider would.
 */
import type { HeaderPairs } from '../../contract/common';
import { UNVERIFIED, type Verification, type VerifyConfig } from '../../contract/verification';
import { headerValue } from '../http/headers';
import { detectScheme } from './auto';
import { customHeaders, customUrlBound } from './custom';
import { schemeById, SCHEME_IDS } from './registry';
import { SigningError, type Scheme, type SignableRequest, type SignatureContext, type SignedParts, type VerifyInput } from './types';
import { requestUrl } from './urls';

export type { SignableRequest, SignatureContext, SignedParts } from './types';
export { SigningError } from './types';
export { SCHEME_IDS, SCHEMES, type SchemeId } from './registry';
export { detectScheme } from './auto';

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/** URLs the provider may have called: the public URL, else a guess from the Host header. */
function candidateUrls(req: SignableRequest, ctx: SignatureContext): Pick<VerifyInput, 'urls' | 'urlSource'> {
  if (ctx.publicUrl) return { urls: [requestUrl(ctx.publicUrl, req.query)], urlSource: 'public' };
  const host = headerValue(req.headers, 'host');
  if (!host) return { urls: [], urlSource: 'none' };
  const target = `${host}${req.path}${req.query ? `?${req.query}` : ''}`;
  return { urls: [`https://${target}`, `http://${target}`], urlSource: 'host-header' };
}

/** Verifies a captured request against an endpoint's scheme; never throws. */
export function verifyRequest(
  req: SignableRequest & { receivedAt: number },
  config: VerifyConfig | null,
  ctx: SignatureContext,
): Verification {
  if (!config) return UNVERIFIED;
  const scheme = schemeById(config.scheme);
  if (!scheme) {
    const reason = `"${config.scheme}" is not a known signature scheme; choose one of the listed schemes.`;
    return { status: 'unverified', scheme: config.scheme, reason, details: {} };
  }
  if (config.secrets.length === 0) {
    const reason = `No secret is configured for ${scheme.label}; add the signing secret to verify requests.`;
    return { status: 'unverified', scheme: scheme.id, reason, details: {} };
  }
  try {
    return scheme.verify({
      req,
      secrets: config.secrets,
      toleranceSec: config.toleranceSec,
      ...candidateUrls(req, ctx),
      now: ctx.now ?? req.receivedAt,
      otherSecrets: ctx.otherSecrets ?? [],
      options: config.options ?? NO_OPTIONS,
      ...(ctx.diagnosisBudgetBytes === undefined ? {} : { diagnosisBudgetBytes: ctx.diagnosisBudgetBytes }),
    });
  } catch (err) {
    // A verifier bug must not lose a capture: report it as unreadable instead.
    return { status: 'malformed', scheme: scheme.id, reason: `The signature could not be checked: ${(err as Error).message}.`, details: { error: true } };
  }
}

function signingScheme(req: SignableRequest, config: VerifyConfig): Scheme {
  const named = schemeById(config.scheme);
  if (!named) throw new SigningError(`"${config.scheme}" is not a known signature scheme.`);
  if (named.id !== 'auto') return named;
  const detected = detectScheme(req);
  if (!detected) throw new SigningError('Cannot sign with "auto": the request carries no known signature header to detect the provider from.');
  return detected;
}

/** Signs `req` as the provider would (fresh timestamp); may return a new body (Mailgun). */
export function signRequest(req: SignableRequest, config: VerifyConfig, ctx: SignatureContext): SignedParts & { scheme: string } {
  const scheme = signingScheme(req, config);
  const secret = config.secrets[0];
  const options = config.options ?? NO_OPTIONS;
  if (secret === undefined && typeof options.privateKey !== 'string') throw new SigningError(`No secret is configured for ${scheme.label}.`);
  const url = ctx.publicUrl ? requestUrl(ctx.publicUrl, req.query) : null;
  const urlBound = scheme.id === 'custom' ? customUrlBound(options) : scheme.urlBound;
  if (urlBound && !url) throw new SigningError(`${scheme.label} signs the URL the provider calls; set a public URL to sign.`);
  const signed = scheme.sign({ req, secret: secret ?? '', url, now: ctx.now ?? Date.now(), options });
  return { ...signed, scheme: scheme.id };
}

/** Returns the request's headers with fresh signature headers for `config` (fresh timestamp). */
export function resignRequest(req: SignableRequest, config: VerifyConfig, ctx: SignatureContext): HeaderPairs {
  const signed = signRequest(req, config, ctx);
  if (signed.body) throw new SigningError('This provider signs inside the body; re-signing would rewrite the body, so the request is sent as captured.');
  const scheme = schemeById(signed.scheme)!;
  const replaced = new Set(
    [...(scheme.id === 'custom' ? customHeaders(config.options ?? NO_OPTIONS) : scheme.headers), ...signed.headers.map(([n]) => n)].map((h) =>
      h.toLowerCase(),
    ),
  );
  return [...req.headers.filter(([name]) => !replaced.has(name.toLowerCase())), ...signed.headers];
}

/** Problems with a `verify` configuration, each naming its field (`verify.scheme`, `verify.options.content`). */
export function verifyConfigIssues(config: VerifyConfig | null | undefined): { path: string; message: string }[] {
  if (!config) return [];
  const scheme = schemeById(config.scheme);
  if (!scheme) {
    return [{ path: 'verify.scheme', message: `unknown scheme "${config.scheme}"; expected one of ${SCHEME_IDS.join(', ')}` }];
  }
  return (scheme.validateOptions?.(config.options ?? {}) ?? []).map((i) => ({ path: `verify.options${i.path ? `.${i.path}` : ''}`, message: i.message }));
}
