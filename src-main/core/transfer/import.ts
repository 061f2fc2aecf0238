import { derive } from '../capture/derive';
import type { CaptureWriter } from '../capture/capture-writer';
import { importedPath, slugOf } from '../endpoints/route';
import type { EndpointRecord, EndpointStore } from '../store/endpoint-store';
import type { StoredRequest } from '../store/rows';
import type { ImportedRequest } from './har';

/** Where imports go: the endpoint each request belongs to, and the capture writer. */
export interface ImportTarget {
  readonly endpoints: Pick<EndpointStore, 'forSlug'>;
  readonly writer: Pick<CaptureWriter, 'write'>;
}

/**
 * Stores imported requests (read by `fromHar`) as captures (`via: 'import'`, never
 * forwarded), each under `endpoint` when given, else under the endpoint its path names.
 */
export function storeImported(
  target: ImportTarget,
  imported: readonly ImportedRequest[],
  endpoint: EndpointRecord | null,
): Promise<StoredRequest[]> {
  return Promise.all(
    imported.map((r) => {
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
    }),
  );
}
