import type { Handlers } from '../../contract';
import type { ReplayResult } from '../../contract/relay';
import { derive } from '../capture/derive';
import { slugOf } from '../capture/endpoint-route';
import { HookbayError, notFound } from '../errors';
import type { Hookbay } from '../hookbay';
import { curlCommand } from '../relay/curl';
import { endpointTargets } from '../relay/forward-plan';
import { fromHar, HarFormatError, toHar } from '../relay/har';
import { buildReplay, type ReplayEdit } from '../relay/replay';
import type { EndpointRecord } from '../store/endpoint-store';
import type { RequestFilter } from '../../contract/requests';
import { VERSION } from '../version';
import { requestDetail, resolveFilter } from './requests';

const MAX_BULK = 10_000;

/** The URL the provider calls for this endpoint (tunnel, else the user-set one), for URL-bound signatures. */
function publicUrlOf(app: Hookbay, endpoint: EndpointRecord): string | null {
  if (app.publicBaseUrl) return `${app.publicBaseUrl}${endpoint.builtIn ? '/' : `/${endpoint.slug}`}`;
  return endpoint.verify?.publicUrl ?? null;
}

function endpointOf(app: Hookbay, endpointId: string): EndpointRecord {
  const endpoint = app.endpoints.byIdOrSlug(endpointId);
  if (!endpoint) throw notFound(`Endpoint ${endpointId}`);
  return endpoint;
}

/** Builds every replay first (so a bad one fails the call before anything is stored), then writes them. */
async function replay(app: Hookbay, items: { id: number; edit: ReplayEdit }[]): Promise<ReplayResult[]> {
  const built = items.map(({ id, edit }) => {
    const original = app.requests.get(id);
    if (!original) throw notFound(`Request ${id}`);
    const endpoint = endpointOf(app, original.endpointId);
    return { endpoint, ...buildReplay(original, endpoint, edit, publicUrlOf(app, endpoint)) };
  });
  // Written concurrently so the capture writer commits them in a few group transactions.
  return Promise.all(
    built.map(async ({ endpoint, record, plan }) => {
      app.relay.planFor(record, plan);
      const stored = await app.writer.write(record, endpoint);
      return { requestId: stored.id, deliveryIds: plan.deliveryIds, resigned: plan.resigned };
    }),
  );
}

/** The selected ids, oldest first (capture order), without duplicates. */
function selectIds(app: Hookbay, input: { ids?: number[]; filter?: RequestFilter }, limit: number): number[] {
  if (input.ids) return [...new Set(input.ids)].sort((a, b) => a - b);
  if (input.filter) return app.requests.ids(resolveFilter(app, input.filter), limit).reverse();
  throw new HookbayError('invalid_input', 'Give ids or a filter.', [{ path: 'ids', message: 'ids or filter is required' }]);
}

export function relayHandlers(
  app: Hookbay,
): Pick<
  Handlers,
  'replayRequest' | 'replayMany' | 'retryDelivery' | 'retryFailed' | 'getCurl' | 'exportHar' | 'exportJson' | 'importHar'
> {
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
      if (!app.relay.store.get(id)) throw notFound(`Delivery ${id}`);
      throw new HookbayError('conflict', `Delivery ${id} is in flight or already delivered; only failed or waiting deliveries can be retried.`);
    },
    retryFailed: async ({ id }) => ({ retried: app.relay.retryFailed(endpointOf(app, id).id) }),
    getCurl: async ({ id }) => {
      const req = app.requests.get(id);
      if (!req) throw notFound(`Request ${id}`);
      // Aimed at the local app when there is one: that is where a developer re-sends it.
      const target = endpointTargets(req, endpointOf(app, req.endpointId))[0];
      const url = target?.url ?? `${app.receiverUrl}${req.path}${req.query ? `?${req.query}` : ''}`;
      return { command: curlCommand({ method: req.method, url, headers: req.headers, body: req.body }) };
    },
    exportHar: async (input) => {
      const ids = selectIds(app, input, 100_000);
      const requests = ids.flatMap((id) => {
        const req = app.requests.get(id);
        return req ? [{ req, deliveries: app.relay.deliveriesOf(id) }] : [];
      });
      return toHar(requests, app.publicBaseUrl ?? app.receiverUrl, VERSION) as unknown as Record<string, unknown>;
    },
    exportJson: async (input) => {
      const ids = selectIds(app, input, 100_000);
      return { requests: ids.filter((id) => app.requests.summary(id)).map((id) => requestDetail(app, id)) };
    },
    importHar: async ({ har, endpoint: endpointKey }) => {
      let imported;
      try {
        imported = fromHar(har);
      } catch (err) {
        if (err instanceof HarFormatError) throw new HookbayError('invalid_input', err.message, [{ path: 'har', message: err.message }]);
        throw err;
      }
      const chosen = endpointKey ? endpointOf(app, endpointKey) : null;
      const stored = await Promise.all(
        imported.map((r) => {
          const endpoint = chosen ?? app.endpoints.forSlug(slugOf(r.path));
          // Keep the endpoint's slug as the first path segment, as for captures, so forwarding
          // and replay strip it the same way.
          const path = !endpoint.builtIn && slugOf(r.path) !== endpoint.slug ? `/${endpoint.slug}${r.path}` : r.path;
          return app.writer.write(
            {
              endpointId: endpoint.id,
              method: r.method,
              path,
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
            endpoint,
          );
        }),
      );
      return { imported: stored.length, ids: stored.map((s) => s.id) };
    },
  };
}
