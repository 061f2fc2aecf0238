import type { Verification } from '../../contract/verification';
import type { CaptureHook } from '../capture/capture-writer';
import { requestPublicUrl } from '../endpoints/urls';
import type { EndpointRecord, EndpointStore } from '../store/endpoint-store';
import { rankByEvidence, type VerdictHistory } from './evidence';
import { verifyRequest, type SignableRequest } from './index';

/** What a verdict needs beyond the request and its endpoint. */
export interface VerdictContext {
  /** Every endpoint, so "signed with the secret of endpoint X" can be named. */
  readonly endpoints: Pick<EndpointStore, 'all'>;
  /** The tunnel's public base URL while it is online (URL-bound schemes sign the URL called). */
  readonly publicBaseUrl: string | null;
  /** Recent verdicts of the endpoint, to rank the causes of a mismatch by evidence. */
  readonly requests?: VerdictHistory;
}

/** Other endpoints' secrets, so "signed with the secret of endpoint X" can be named. */
function otherSecrets(ctx: VerdictContext, endpoint: EndpointRecord) {
  return ctx.endpoints
    .all()
    .filter((e) => e.id !== endpoint.id && e.verify)
    .flatMap((e) => e.verify!.secrets.map((secret) => ({ label: e.name, secret })));
}

/**
 * Body bytes a failed verification may hash to diagnose why, in the capture transaction and
 * in re-verification (~20 ms of HMAC). A typical 2 KB webhook is diagnosed in full; a large
 * body's diagnosis is deferred to when the request is opened (`completeDiagnosis`).
 */
export const DIAGNOSIS_BUDGET_BYTES = 8 * 1024 * 1024;

/**
 * The verdict on one request under its endpoint's current scheme and secrets; `budgetBytes`
 * bounds the diagnosis of a failure (unset: diagnose in full).
 */
export function verdictFor(
  ctx: VerdictContext,
  req: SignableRequest & { receivedAt: number },
  endpoint: EndpointRecord,
  budgetBytes?: number,
): Verification {
  return verifyRequest(req, endpoint.verify, {
    publicUrl: requestPublicUrl(endpoint, ctx.publicBaseUrl, req.path),
    otherSecrets: otherSecrets(ctx, endpoint),
    ...(budgetBytes === undefined ? {} : { diagnosisBudgetBytes: budgetBytes }),
  });
}

/**
 * `verdictFor`, with an unexplained mismatch's causes ranked by the endpoint's recent verdicts
 * (`budgetBytes` as for `verdictFor`).
 */
export function rankedVerdictFor(
  ctx: VerdictContext,
  req: SignableRequest & { receivedAt: number },
  endpoint: EndpointRecord,
  budgetBytes?: number,
): Verification {
  return rankByEvidence(verdictFor(ctx, req, endpoint, budgetBytes), ctx.requests, { endpointId: endpoint.id, receivedAt: req.receivedAt });
}

/** True when the stored verdict's diagnosis was cut short by the budget. */
export function diagnosisDeferred(v: Verification | null | undefined): boolean {
  return v?.details.diagnosis === 'deferred';
}

/** Unparseable HTTP has no headers to verify; it stays "unverified". */
export function isVerifiable(req: { error: string | null; method: string }): boolean {
  return req.error === null || req.method !== '';
}

/** Stores every capture with its verdict (runs inside the insert transaction). */
export function captureVerdictHook(ctx: VerdictContext): CaptureHook {
  return {
    prepare(req, endpoint) {
      if (isVerifiable(req)) req.verification = rankedVerdictFor(ctx, req, endpoint, DIAGNOSIS_BUDGET_BYTES);
    },
  };
}

/**
 * The verdict a request shows when opened: a diagnosis deferred at capture (large body) is run
 * in full now, once, and stored. Null when the stored verdict stands.
 */
export function completeDiagnosis(
  ctx: VerdictContext & { readonly endpoints: Pick<EndpointStore, 'all' | 'byIdOrSlug'> },
  req: SignableRequest & { receivedAt: number; endpointId: string; verification: Verification | null },
): Verification | null {
  if (!diagnosisDeferred(req.verification)) return null;
  const endpoint = ctx.endpoints.byIdOrSlug(req.endpointId);
  return endpoint ? rankedVerdictFor(ctx, req, endpoint) : null;
}
