import type { Verification } from '../../contract/verification';
import { diagnose } from './diagnosis';
import type { Matcher, MatchHit } from './matcher';
import { previewSecret } from './secret-preview';
import { otherUnitFits, skewSeconds } from './timestamp';
import type { VerifyInput } from './types';

export function missing(scheme: string, header: string): Verification {
  return {
    status: 'missing',
    scheme,
    reason: `The request has no ${header} header — it was not signed for this scheme; check that the provider signs its webhooks, or pick another scheme.`,
    details: { header },
  };
}

export function malformed(scheme: string, header: string, why: string): Verification {
  return {
    status: 'malformed',
    scheme,
    reason: `The ${header} header cannot be read: ${why}.`,
    details: { header },
  };
}

/** A configuration problem discovered while verifying (e.g. a secret that is not a key). */
export function unusable(scheme: string, reason: string): Verification {
  return { status: 'invalid', scheme, reason, details: { diagnosis: 'unusable-secret' } };
}

function validReason(hit: MatchHit): string {
  const which = `secret #${hit.secret.index + 1} (${previewSecret(hit.secret.secret)})`;
  const rotation = hit.secret.index > 0 ? ', an older secret that is still active — remove it once the provider has switched' : '';
  const body =
    hit.body === 'compact-json' ? ' over the body re-serialized as compact JSON, as this provider’s own sample code verifies' : '';
  return `The signature matches ${which}${body}${rotation}.`;
}

/**
 * Turns a scheme's matcher into a verdict: a match is valid unless its timestamp is outside
 * the tolerance (expired); no match is invalid, with the usual mistakes tried to name a cause.
 */
export function conclude(
  scheme: string,
  m: Matcher,
  input: VerifyInput,
  defaultToleranceSec: number | null,
  extra: Record<string, unknown> = {},
): Verification {
  const hit = m.find(m.base);
  const details: Record<string, unknown> = { ...extra, signatures: m.signatureCount, secretsTried: m.base.secrets.length };
  const checked = m.signaturesChecked ?? m.signatureCount;
  if (checked < m.signatureCount) details.signaturesChecked = checked;
  const verdict = hit ? matched(scheme, m, hit, input, defaultToleranceSec, details) : unmatched(scheme, m, input, details);
  // Say so when a stuffed header was cut short: a signature past the cap was never looked at.
  return checked < m.signatureCount
    ? { ...verdict, reason: verdict.reason.replace(/\.?$/, ` (${m.signatureCount} signature candidates, only the first ${checked} checked).`) }
    : verdict;
}

function unmatched(scheme: string, m: Matcher, input: VerifyInput, details: Record<string, unknown>): Verification {
  const d = diagnose(m, input);
  return { status: 'invalid', scheme, reason: d.reason, details: { ...details, diagnosis: d.kind } };
}

function matched(
  scheme: string,
  m: Matcher,
  hit: MatchHit,
  input: VerifyInput,
  defaultToleranceSec: number | null,
  details: Record<string, unknown>,
): Verification {
  const matchedSecret = { index: hit.secret.index, preview: previewSecret(hit.secret.secret) };
  if (hit.url) details.url = hit.url;
  if (hit.body !== 'raw') details.signedBody = hit.body;
  const tolerance = input.toleranceSec === undefined ? defaultToleranceSec : input.toleranceSec;
  if (m.timestamp) {
    const skew = skewSeconds(m.timestamp, input.now);
    details.timestamp = m.timestamp.raw;
    details.skewSec = skew;
    if (tolerance !== null && Math.abs(skew) > tolerance) {
      const when = skew > 0 ? `${skew} s old` : `${-skew} s in the future`;
      const unit = otherUnitFits(m.timestamp, input.now, tolerance);
      const hint = unit
        ? ` and looks like ${unit === 'ms' ? 'milliseconds' : 'seconds'} where ${m.timestamp.unit === 's' ? 'seconds' : 'milliseconds'} are expected — set the timestamp unit to ${unit}`
        : ' — a replay, a delayed retry or a wrong clock; set the tolerance to "ignore" to verify old captures';
      return {
        status: 'expired',
        scheme,
        reason: `The signature is genuine but its timestamp is ${when}, outside the ${tolerance} s tolerance${hint}.`,
        matchedSecret,
        details: { ...details, toleranceSec: tolerance, ...(unit ? { diagnosis: 'timestamp-unit' } : {}) },
      };
    }
  }
  return { status: 'valid', scheme, reason: validReason(hit), matchedSecret, details };
}
