import type { Delivery, RequestDetail } from '../../contract/requests';
import { endpointTargets } from '../relay/forward-plan';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestStore, RequestWithBody } from '../store/request-store';
import { toDetail } from '../store/rows';
import { curlCommand } from './curl';
import { harEntry, harLog, type Har } from './har';
import { SLICE_MS, yieldTurn } from '../slices';

/** Where exports read from: stored requests and their deliveries. */
export interface ExportSource {
  readonly requests: Pick<RequestStore, 'get'>;
  deliveriesOf(requestId: number): Delivery[];
}

/**
 * The largest document `exportHar`/`exportJson` build as one value, estimated. Over IPC a
 * reply is structured-cloned whole (worker → main thread → renderer), and cloning 71 MB of
 * export took 1–2.6 s; a larger export is saved to a file (`saveExport`) or streamed (HTTP).
 */
export const MAX_INLINE_EXPORT_BYTES = 16 * 1024 * 1024;

/** About what one stored request adds to an export: its body as base64, headers, deliveries. */
function approxBytes(req: RequestWithBody, deliveries: readonly Delivery[]): number {
  let n = 1024 + Math.ceil(req.body.length / 3) * 4 + deliveries.length * 512;
  for (const [name, value] of req.headers) n += name.length + value.length + 8;
  return n;
}

/** The document would be larger than the caller allows. */
export class ExportTooLarge extends Error {
  constructor(
    readonly approxBytes: number,
    readonly requests: number,
  ) {
    super(`export over ${approxBytes} bytes after ${requests} requests`);
    this.name = 'ExportTooLarge';
  }
}

/**
 * One item per stored request of `ids` (ids that no longer exist are skipped), built in
 * slices of about `SLICE_MS` with the event loop turned between: an export of everything
 * took 2.5–3.1 s in one pass at 5,000 stored requests (fuzz finding F10). Throws
 * `ExportTooLarge` past `maxBytes`.
 */
async function itemsInSlices<T>(src: ExportSource, ids: readonly number[], maxBytes: number, build: (req: RequestWithBody, deliveries: Delivery[]) => T): Promise<T[]> {
  const out: T[] = [];
  let bytes = 0;
  let sliceStart = Date.now();
  for (const req of eachStored(src, ids)) {
    const deliveries = src.deliveriesOf(req.id);
    bytes += approxBytes(req, deliveries);
    if (bytes > maxBytes) throw new ExportTooLarge(bytes, out.length + 1);
    out.push(build(req, deliveries));
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldTurn();
      sliceStart = Date.now();
    }
  }
  return out;
}

/** HAR 1.2 of the given requests as one value (see `itemsInSlices`); `origin` is where senders sent them. */
export async function exportHar(src: ExportSource, ids: readonly number[], origin: string, version: string, maxBytes = MAX_INLINE_EXPORT_BYTES): Promise<Har> {
  return harLog(version, await itemsInSlices(src, ids, maxBytes, (req, deliveries) => harEntry(req, deliveries, origin)));
}

/** Hookbay JSON as one value (see `itemsInSlices`): each request byte-exact (base64 body) with its verdict and deliveries. */
export async function exportJson(src: ExportSource, ids: readonly number[], maxBytes = MAX_INLINE_EXPORT_BYTES): Promise<{ requests: RequestDetail[] }> {
  return { requests: await itemsInSlices(src, ids, maxBytes, toDetail) };
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
