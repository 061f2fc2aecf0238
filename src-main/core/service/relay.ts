import fs from 'node:fs';
import path from 'node:path';
import type { Handlers, OutputOf, ParsedInputOf } from '../../contract';
import type { ReplayResult } from '../../contract/relay';
import type { RequestFilter } from '../../contract/requests';
import { endpointPublicUrl } from '../endpoints/urls';
import { HookbayError, notFound } from '../errors';
import { buildReplay, type ReplayEdit } from '../relay/replay';
import type { EndpointRecord } from '../store/endpoint-store';
import { writeExportFile } from '../transfer/export-file';
import { curlFor, exportHar, exportJson, ExportTooLarge, harChunks, jsonChunks, MAX_INLINE_EXPORT_BYTES } from '../transfer/export';
import { VERSION } from '../version';
import type { CoreContext } from './context';
import { importHar, importHarBody } from './import';
import { resolveFilter } from './requests';

const MAX_BULK = 10_000;
const MAX_EXPORT = 100_000;

type RelayContext = Pick<
  CoreContext,
  'endpoints' | 'requests' | 'search' | 'writer' | 'relay' | 'receiverUrl' | 'publicBaseUrl' | 'events' | 'config'
>;

function endpointOf(app: Pick<CoreContext, 'endpoints'>, endpointId: string): EndpointRecord {
  const endpoint = app.endpoints.byIdOrSlug(endpointId);
  if (!endpoint) throw notFound(`Endpoint ${endpointId}`);
  return endpoint;
}

/** Builds every replay first (so a bad one fails the call before anything is stored), then writes them. */
async function replay(app: RelayContext, items: { id: number; edit: ReplayEdit }[]): Promise<ReplayResult[]> {
  const built = items.map(({ id, edit }) => {
    const original = app.requests.get(id);
    if (!original) throw notFound(`Request ${id}`);
    const endpoint = endpointOf(app, original.endpointId);
    return { endpoint, ...buildReplay(original, endpoint, edit, endpointPublicUrl(endpoint, app.publicBaseUrl)) };
  });
  // Written concurrently so the capture writer commits them in a few group transactions.
  return Promise.all(
    built.map(async ({ endpoint, record, plan }) => {
      const stored = await app.writer.write(record, endpoint, { plan });
      return { requestId: stored.id, deliveryIds: plan.deliveryIds, resigned: plan.resigned };
    }),
  );
}

/** The selected ids, oldest first (capture order), without duplicates. */
function selectIds(app: RelayContext, input: { ids?: number[]; filter?: RequestFilter }, limit: number): number[] {
  if (input.ids) return [...new Set(input.ids)].sort((a, b) => a - b);
  if (input.filter) return app.requests.ids(resolveFilter(app, input.filter), limit).reverse();
  throw new HookbayError('invalid_input', 'Give ids or a filter.', [{ path: 'ids', message: 'ids or filter is required' }]);
}

/** `exportHar`/`exportJson` past the inline limit: say what to use instead, naming the selection. */
async function inline<T>(input: { ids?: number[] }, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (err) {
    if (!(err instanceof ExportTooLarge)) throw err;
    const mib = (MAX_INLINE_EXPORT_BYTES / 1024 / 1024).toFixed(0);
    const message = `selects more than ${mib} MiB (over ${err.requests - 1} requests) to return as one value; save it to a file with saveExport, or stream it from the HTTP API`;
    throw new HookbayError('invalid_input', `This export is too large to return whole: it ${message}.`, [{ path: input.ids ? 'ids' : 'filter', message }]);
  }
}

export interface RelayHandlerOptions {
  /** Largest export `exportHar`/`exportJson` return as one value (larger: `saveExport`, or the streamed handlers). */
  inlineExportBytes?: number;
  /**
   * Where `saveExport` writes, given a suggested file name; null when the user cancelled. The
   * desktop app asks with a save dialog; by default it is `<data>/exports/<name>`.
   */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>;
}

/** `<data>/exports/<name>`, private like everything in the data directory. */
function exportsDirFile(dataDir: string): (name: string) => Promise<string> {
  return async (name) => {
    const dir = path.join(dataDir, 'exports');
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, name);
  };
}

const stampForFile = (now = new Date()) => now.toISOString().slice(0, 19).replace(/[:T]/g, '-');

export function relayHandlers(
  app: RelayContext,
  options: RelayHandlerOptions = {},
): Pick<
  Handlers,
  'replayRequest' | 'replayMany' | 'retryDelivery' | 'retryFailed' | 'getCurl' | 'exportHar' | 'exportJson' | 'saveExport' | 'importHar'
> {
  const deliveries = { requests: app.requests, deliveriesOf: (id: number) => app.relay.deliveriesOf(id) };
  const maxInline = options.inlineExportBytes ?? MAX_INLINE_EXPORT_BYTES;
  const chooseFile = options.chooseExportFile ?? exportsDirFile(app.config.dataDir);
  return {
    replayRequest: async ({ id, url, method, path, headers, bodyBase64, resign }) => {
      const edit: ReplayEdit = { url, method, path, headers, resign };
      if (bodyBase64 !== undefined) edit.body = Buffer.from(bodyBase64, 'base64');
      const [result] = await replay(app, [{ id, edit }]);
      return result!;
    },
    replayMany: async ({ ids, filter, url, resign }) => {
      // Oldest first, so a target that orders deliveries sees them in capture order.
      const selected = selectIds(app, { ids, filter }, MAX_BULK);
      return { replayed: await replay(app, selected.map((id) => ({ id, edit: { url, resign } }))) };
    },
    retryDelivery: async ({ id }) => {
      const delivery = app.relay.retry(id);
      if (delivery) return delivery;
      if (!app.relay.delivery(id)) throw notFound(`Delivery ${id}`);
      throw new HookbayError('conflict', `Delivery ${id} is in flight or already delivered; only failed or waiting deliveries can be retried.`);
    },
    retryFailed: async ({ id }) => ({ retried: app.relay.retryFailed(endpointOf(app, id).id) }),
    getCurl: async ({ id }) => {
      const req = app.requests.get(id);
      if (!req) throw notFound(`Request ${id}`);
      return { command: curlFor(req, endpointOf(app, req.endpointId), app.receiverUrl) };
    },
    exportHar: async (input) => {
      const origin = app.publicBaseUrl ?? app.receiverUrl;
      const har = await inline(input, () => exportHar(deliveries, selectIds(app, input, MAX_EXPORT), origin, VERSION, maxInline));
      return har as unknown as Record<string, unknown>;
    },
    exportJson: async (input) => inline(input, () => exportJson(deliveries, selectIds(app, input, MAX_EXPORT), maxInline)),
    saveExport: async ({ format, ...selection }) => {
      // Selected before the dialog, so a bad filter fails without asking where to save.
      const ids = selectIds(app, selection, MAX_EXPORT);
      const file = await chooseFile(`hookbay-${stampForFile()}.${format}`);
      if (file === null) return { saved: false, file: null, bytes: 0 };
      const chunks = format === 'har' ? harChunks(deliveries, ids, app.publicBaseUrl ?? app.receiverUrl, VERSION) : jsonChunks(deliveries, ids);
      try {
        const { bytes } = await writeExportFile(chunks, file);
        return { saved: true, file, bytes };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (!code) throw err;
        throw new HookbayError('unavailable', `Could not write the export to ${file} (${code}).`);
      }
    },
    importHar: (input) => importHar(app, input),
  };
}

/** Operations a transport may serve as a stream of text chunks instead of one value. */
export interface StreamedHandlers {
  exportHar(input: ParsedInputOf<'exportHar'>): Iterable<string>;
  exportJson(input: ParsedInputOf<'exportJson'>): Iterable<string>;
  /** `importHar` given the HTTP body as text, so a large HAR is parsed in slices (see `importHarBody`). */
  importHarBody(text: string): Promise<OutputOf<'importHar'>>;
}

/**
 * The exports as text chunks, one stored request at a time: the HTTP API streams them so an
 * export of any size works in bounded memory (the same documents `exportHar`/`exportJson` return).
 */
export function streamedHandlers(app: RelayContext): StreamedHandlers {
  const src = { requests: app.requests, deliveriesOf: (id: number) => app.relay.deliveriesOf(id) };
  return {
    exportHar: (input) => harChunks(src, selectIds(app, input, MAX_EXPORT), app.publicBaseUrl ?? app.receiverUrl, VERSION),
    exportJson: (input) => jsonChunks(src, selectIds(app, input, MAX_EXPORT)),
    importHarBody: (text) => importHarBody(app, text),
  };
}
