import type { Delivery, RequestDetail } from '../../contract/requests';
import { endpointTargets } from '../relay/forward-plan';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestStore, RequestWithBody } from '../store/request-store';
import { toDetail } from '../store/rows';
import { curlCommand } from './curl';
import { harEntry, harLog, toHar, type Har } from './har';

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
 * A JSON document `shell` with the array at `"key":[]` filled with `items`, as text chunks: the
 * opening, one item per chunk, the closing. The document may exceed V8's largest string
 * (~512 MiB; 40 requests of 10 MB did) and only one item is built at a time.
 */
function* arrayChunks<T>(shell: unknown, key: string, items: Iterable<T>): Generator<string> {
  const [open, close] = JSON.stringify(shell).split(`"${key}":[]`) as [string, string];
  yield `${open}"${key}":[`;
  let first = true;
  for (const item of items) {
    yield (first ? '' : ',') + JSON.stringify(item);
    first = false;
  }
  yield `]${close}`;
}

/** Stored requests one at a time (ids that no longer exist are skipped), so only one body is held. */
function* eachStored(src: ExportSource, ids: readonly number[]): Generator<RequestWithBody> {
  for (const id of ids) {
    const req = src.requests.get(id);
    if (req) yield req;
  }
}

/** `exportHar` as text chunks, for any size (see `arrayChunks`). */
export function harChunks(src: ExportSource, ids: readonly number[], origin: string, version: string): Generator<string> {
  const entries = (function* () {
    for (const req of eachStored(src, ids)) yield harEntry(req, src.deliveriesOf(req.id), origin);
  })();
  return arrayChunks(harLog(version, []), 'entries', entries);
}

/** `exportJson` as text chunks, for any size (see `arrayChunks`). */
export function jsonChunks(src: ExportSource, ids: readonly number[]): Generator<string> {
  const requests = (function* () {
    for (const req of eachStored(src, ids)) yield toDetail(req, src.deliveriesOf(req.id));
  })();
  return arrayChunks({ requests: [] }, 'requests', requests);
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
