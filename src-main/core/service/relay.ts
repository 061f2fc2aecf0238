import type { Handlers } from '../../contract';
import type { ReplayResult } from '../../contract/relay';
import type { RequestFilter } from '../../contract/requests';
import { endpointPublicUrl } from '../endpoints/urls';
import { HookbayError, notFound } from '../errors';
import { buildReplay, type ReplayEdit } from '../relay/replay';
import type { EndpointRecord } from '../store/endpoint-store';
import { curlFor, exportHar, exportJson } from '../transfer/export';
import { fromHar, HarFormatError, type ImportedRequest } from '../transfer/har';
import { storeImported } from '../transfer/import';
import { VERSION } from '../version';
import type { CoreContext } from './context';
import { resolveFilter } from './requests';

const MAX_BULK = 10_000;
const MAX_EXPORT = 100_000;

type RelayContext = Pick<
  CoreContext,
  'endpoints' | 'requests' | 'search' | 'writer' | 'relay' | 'receiverUrl' | 'publicBaseUrl'
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

export function relayHandlers(
  app: RelayContext,
): Pick<
  Handlers,
  'replayRequest' | 'replayMany' | 'retryDelivery' | 'retryFailed' | 'getCurl' | 'exportHar' | 'exportJson' | 'importHar'
> {
  const deliveries = { requests: app.requests, deliveriesOf: (id: number) => app.relay.deliveriesOf(id) };
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
      const har = exportHar(deliveries, selectIds(app, input, MAX_EXPORT), app.publicBaseUrl ?? app.receiverUrl, VERSION);
      return har as unknown as Record<string, unknown>;
    },
    exportJson: async (input) => exportJson(deliveries, selectIds(app, input, MAX_EXPORT)),
    importHar: async ({ har, endpoint: endpointKey }) => {
      let imported: ImportedRequest[];
      try {
        imported = fromHar(har);
      } catch (err) {
        if (err instanceof HarFormatError) {
          throw new HookbayError('invalid_input', err.message, [{ path: err.path ? `har.${err.path}` : 'har', message: err.message }]);
        }
        throw err;
      }
      const chosen = endpointKey ? endpointOf(app, endpointKey) : null;
      const stored = await storeImported(app, imported, chosen);
      return { imported: stored.length, ids: stored.map((s) => s.id) };
    },
  };
}
