import { derive } from '../capture/derive';
import type { CaptureWriter } from '../capture/capture-writer';
import { importedPath, slugOf } from '../endpoints/route';
import type { EndpointRecord, EndpointStore } from '../store/endpoint-store';
import { mapInSlices, SLICE_MS, yieldTurn } from '../slices';
import { fromHar, HarFormatError, type ImportedRequest } from './har';
import { parseInSlices } from './json-slices';

/** Where imports go: the endpoint each request belongs to, and the capture writer. */
export interface ImportTarget {
  readonly endpoints: Pick<EndpointStore, 'forSlug'>;
  readonly writer: Pick<CaptureWriter, 'write'>;
}

/** How far an import is: entries read or stored out of all of them. */
export type ImportProgress = (done: number, total: number) => void;

/**
 * The largest HAR document imported (as text; the HTTP API refuses a larger body with 413
 * before reading it). Its entries are read and stored in slices, so the size bounds memory
 * and the event loop is never held for long.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Work before the event loop gets a turn. */
const MAX_SLICE_ENTRIES = 1000;
const MAX_SLICE_BYTES = 8 * 1024 * 1024;


/**
 * Reads and checks every entry of a HAR (text or parsed) before anything is stored, so a bad
 * entry rejects the whole import; text is parsed in slices (`parseInSlices`).
 */
export async function readHar(har: string | Record<string, unknown>): Promise<ImportedRequest[]> {
  const read: ImportedRequest[] = [];
  if (typeof har === 'string') {
    if (har.length > MAX_IMPORT_BYTES) {
      throw new HarFormatError(`The HAR file is ${(har.length / 1024 / 1024).toFixed(1)} MiB; at most 64 MiB can be imported at once — split it.`);
    }
    let skeleton: unknown;
    try {
      ({ skeleton } = await parseInSlices(har, 'entries', (entry, i) => read.push(...fromHar({ log: { entries: [entry] } }, i))));
    } catch (err) {
      if (err instanceof SyntaxError) throw new HarFormatError('The HAR file is not valid JSON.');
      throw err;
    }
    // The skeleton (entries emptied) still says whether there is a log.entries list at all.
    fromHar(skeleton as Record<string, unknown>);
    return read;
  }
  const entries = (har as { log?: { entries?: unknown } }).log?.entries;
  if (!Array.isArray(entries)) return fromHar(har);
  return (await mapInSlices(entries.entries(), ([i, entry]) => fromHar({ log: { entries: [entry] } }, i))).flat();
}

function storeOne(target: ImportTarget, r: ImportedRequest, endpoint: EndpointRecord | null) {
  const owner = endpoint ?? target.endpoints.forSlug(slugOf(r.path));
  return target.writer.write(
    {
      endpointId: owner.id,
      method: r.method,
      path: importedPath(owner, r.path),
      query: r.query,
      headers: r.headers,
      body: r.body,
      size: r.body.length,
      truncated: false,
      remoteAddress: null,
      receivedAt: r.receivedAt,
      via: 'import',
      ...derive(r.headers, r.body),
      error: null,
      replayOf: null,
      verification: null,
    },
    owner,
  );
}

/**
 * Stores imported requests as captures (`via: 'import'`, never forwarded), each under
 * `endpoint` when given, else under the endpoint its path names. Written in slices sized to
 * take about `SLICE_MS` each (one transaction per slice), with the event loop yielded between
 * and `progress` told after each; resolves with the new ids in order.
 */
export async function storeImported(
  target: ImportTarget,
  imported: readonly ImportedRequest[],
  endpoint: EndpointRecord | null,
  progress?: ImportProgress,
): Promise<number[]> {
  const ids: number[] = [];
  let size = 50;
  let at = 0;
  while (at < imported.length) {
    const started = Date.now();
    const writes = [];
    let bytes = 0;
    while (at < imported.length && writes.length < size && bytes < MAX_SLICE_BYTES) {
      const r = imported[at++]!;
      bytes += r.body.length;
      writes.push(storeOne(target, r, endpoint));
    }
    for (const stored of await Promise.all(writes)) ids.push(stored.id);
    progress?.(at, imported.length);
    // Aim the next slice at SLICE_MS from how long this one took (inserts dominate).
    const took = Math.max(1, Date.now() - started);
    size = Math.max(1, Math.min(MAX_SLICE_ENTRIES, Math.round((writes.length * SLICE_MS) / took)));
    await yieldTurn();
  }
  return ids;
}
