import { subPath } from '../endpoints/route';
import type { EndpointRecord } from '../store/endpoint-store';
import type { StoredRequest } from '../store/rows';
import { matchesRules } from './routing';
import { laneOf, targetUrl } from './target-url';

export interface PlannedTarget {
  url: string;
  lane: string;
  concurrency: number;
  ordered: boolean;
}

/** Where one stored request goes. Replays carry their own plan; captures use the endpoint's targets. */
export interface ForwardPlan {
  targets: PlannedTarget[];
  resigned: boolean;
  /** Filled in by the relay when the deliveries are inserted. */
  deliveryIds: number[];
}

export const AD_HOC_CONCURRENCY = 4;

/** The endpoint's enabled targets whose rules match the request. */
export function endpointTargets(
  req: Pick<StoredRequest, 'path' | 'query' | 'method' | 'eventType'>,
  endpoint: EndpointRecord,
): PlannedTarget[] {
  const rest = subPath(req.path, endpoint.slug);
  return endpoint.forward
    .filter((t) => t.enabled && matchesRules(t.rules, { eventType: req.eventType, method: req.method, subPath: rest }))
    .map((t) => ({
      url: targetUrl(t, rest, req.query),
      lane: t.url,
      concurrency: t.concurrency,
      ordered: t.ordered,
    }));
}

/**
 * A replay to a URL the user typed: that URL's own path, or — when the replay edits the
 * path — the edited path appended to it. The query is kept like any forward.
 */
export function adHocTarget(
  url: string,
  req: Pick<StoredRequest, 'path' | 'query'>,
  endpoint: EndpointRecord,
  pathEdited: boolean,
): PlannedTarget {
  return {
    url: targetUrl({ url, pathMode: pathEdited ? 'append' : 'replace' }, subPath(req.path, endpoint.slug), req.query),
    lane: laneOf(url),
    concurrency: AD_HOC_CONCURRENCY,
    ordered: false,
  };
}

/**
 * Captures that are not forwarded: imports (stored to be looked at or replayed on demand),
 * requests Node could not parse, and truncated ones — the sender was told 413 or hung up
 * and will send again, and a partial body would only fail the local app's verification.
 */
export function isForwardable(req: Pick<StoredRequest, 'via' | 'method' | 'truncated'>): boolean {
  return req.via !== 'import' && req.method !== '' && !req.truncated;
}
