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

/** The verdict on one request under its endpoint's current scheme and secrets. */
export function verdictFor(ctx: VerdictContext, req: SignableRequest & { receivedAt: number }, endpoint: EndpointRecord): Verification {
  return verifyRequest(req, endpoint.verify, {
    publicUrl: requestPublicUrl(endpoint, ctx.publicBaseUrl, req.path),
    otherSecrets: otherSecrets(ctx, endpoint),
  });
}

/** `verdictFor`, with an unexplained mismatch's causes ranked by the endpoint's recent verdicts. */
export function rankedVerdictFor(ctx: VerdictContext, req: SignableRequest & { receivedAt: number }, endpoint: EndpointRecord): Verification {
  return rankByEvidence(verdictFor(ctx, req, endpoint), ctx.requests, { endpointId: endpoint.id, receivedAt: req.receivedAt });
}

/** Unparseable HTTP has no headers to verify; it stays "unverified". */
export function isVerifiable(req: { error: string | null; method: string }): boolean {
  return req.error === null || req.method !== '';
}

/** Stores every capture with its verdict (runs inside the insert transaction). */
export function captureVerdictHook(ctx: VerdictContext): CaptureHook {
  return {
    prepare(req, endpoint) {
      if (isVerifiable(req)) req.verification = rankedVerdictFor(ctx, req, endpoint);
    },
  };
}
