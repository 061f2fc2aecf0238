import type { Verification } from '../../contract/verification';

/** How far back a verified request still says "this secret is the sender's". */
export const EVIDENCE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What the store can tell about an endpoint's recent verdicts. */
export interface VerdictHistory {
  countValidBetween(endpointId: string, since: number, until: number): number;
}

/**
 * Ranks the causes of an unexplained mismatch by what the endpoint's history shows. When the
 * same secrets verified other requests of this endpoint recently, the secret is very likely
 * right and the signed bytes (the body, or the URL for URL-bound schemes) were changed after
 * signing: say that first. Without that evidence, a wrong secret stays the likelier cause.
 */
export function rankByEvidence(
  v: Verification,
  history: VerdictHistory | undefined,
  req: { endpointId: string; receivedAt: number },
): Verification {
  if (!history || v.status !== 'invalid' || v.details.diagnosis !== 'wrong-secret') return v;
  const verified = history.countValidBetween(req.endpointId, req.receivedAt - EVIDENCE_WINDOW_MS, req.receivedAt);
  if (verified === 0) return v;
  const others = verified === 1 ? '1 other request' : `${verified} other requests`;
  return {
    ...v,
    reason:
      `The signature does not match, but the same secret verified ${others} of this endpoint in the last 24 hours, ` +
      'so the body (or another signed part) was most likely changed after signing — by a proxy, middleware or an edit; ' +
      'if nothing touched it, the provider may have rotated the secret (copy it again).',
    details: { ...v.details, diagnosis: 'body-changed', verifiedRecently: verified },
  };
}
