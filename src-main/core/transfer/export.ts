import type { Delivery, RequestDetail } from '../../contract/requests';
import { endpointTargets } from '../relay/forward-plan';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestStore, RequestWithBody } from '../store/request-store';
import { toDetail } from '../store/rows';
import { curlCommand } from './curl';
import { toHar, type Har } from './har';

/** Where exports read from: stored requests and their deliveries. */
export interface ExportSource {
  readonly requests: Pick<RequestStore, 'get'>;
  deliveriesOf(requestId: number): Delivery[];
}

function stored(src: ExportSource, ids: readonly number[]): RequestWithBody[] {
  return ids.flatMap((id) => {
    const req = src.requests.get(id);
    return req ? [req] : [];
  });
}

/** HAR 1.2 of the given requests (ids that no longer exist are skipped); `origin` is where senders sent them. */
export function exportHar(src: ExportSource, ids: readonly number[], origin: string, version: string): Har {
  return toHar(stored(src, ids).map((req) => ({ req, deliveries: src.deliveriesOf(req.id) })), origin, version);
}

/** Hookbay JSON: each request byte-exact (base64 body) with its verdict and deliveries. */
export function exportJson(src: ExportSource, ids: readonly number[]): { requests: RequestDetail[] } {
  return { requests: stored(src, ids).map((req) => toDetail(req, src.deliveriesOf(req.id))) };
}

/**
 * A cURL command that re-sends a request byte-exact, aimed at the endpoint's first matching
 * forward target when there is one (that is where a developer re-sends it), else at the receiver.
 */
export function curlFor(req: RequestWithBody, endpoint: EndpointRecord, receiverUrl: string): string {
  const target = endpointTargets(req, endpoint)[0];
  const url = target?.url ?? `${receiverUrl}${req.path}${req.query ? `?${req.query}` : ''}`;
  return curlCommand({ method: req.method, url, headers: req.headers, body: req.body });
}
