import type { Endpoint } from '../../contract/endpoints';
import type { Handlers } from '../../contract';
import { HookbayError, notFound } from '../errors';
import type { Hookbay } from '../hookbay';
import { SlugTakenError, type EndpointRecord } from '../store/endpoint-store';
import { assertValidVerify, reverifyEndpoint } from './signatures';

export function endpointView(app: Hookbay, r: EndpointRecord, counts = app.endpoints.counts()): Endpoint {
  const c = counts.get(r.id) ?? { total: 0, unread: 0 };
  const suffix = r.builtIn ? '' : `/${r.slug}`;
  const publicUrl = app.publicBaseUrl ? `${app.publicBaseUrl}${suffix || '/'}` : (r.verify?.publicUrl ?? null);
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    builtIn: r.builtIn,
    createdAt: r.createdAt,
    verify: r.verify,
    forward: r.forward,
    response: r.response,
    responseMode: r.responseMode,
    retry: r.retry,
    localUrl: `${app.receiverUrl}${suffix || '/'}`,
    publicUrl,
    unread: c.unread,
    total: c.total,
  };
}

function find(app: Hookbay, id: string): EndpointRecord {
  const r = app.endpoints.byIdOrSlug(id);
  if (!r) throw notFound(`Endpoint ${id}`);
  return r;
}

function guardSlug<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SlugTakenError) {
      throw new HookbayError('conflict', err.message, [{ path: 'slug', message: err.message }]);
    }
    throw err;
  }
}

export function endpointHandlers(
  app: Hookbay,
): Pick<
  Handlers,
  'listEndpoints' | 'createEndpoint' | 'updateEndpoint' | 'deleteEndpoint' | 'markEndpointRead' | 'clearEndpointRequests'
> {
  return {
    listEndpoints: async () => {
      const counts = app.endpoints.counts();
      return app.endpoints.all().map((r) => endpointView(app, r, counts));
    },
    createEndpoint: async (input) => {
      if (input.slug === 'default') {
        throw new HookbayError('conflict', 'The slug "default" is reserved.', [
          { path: 'slug', message: 'The slug "default" is reserved.' },
        ]);
      }
      assertValidVerify(input.verify);
      const r = guardSlug(() => app.endpoints.create(input));
      app.events.emit({ type: 'endpoints.changed' });
      return endpointView(app, r);
    },
    updateEndpoint: async ({ id, ...patch }) => {
      const current = find(app, id);
      if (current.builtIn && patch.slug !== undefined && patch.slug !== current.slug) {
        throw new HookbayError('invalid_input', 'The built-in endpoint keeps the slug "default".', [
          { path: 'slug', message: 'The built-in endpoint keeps the slug "default".' },
        ]);
      }
      assertValidVerify(patch.verify);
      const r = guardSlug(() => app.endpoints.update(current.id, patch));
      if (!r) throw notFound(`Endpoint ${id}`);
      app.events.emit({ type: 'endpoints.changed' });
      if (patch.verify !== undefined) void reverifyEndpoint(app, r.id);
      return endpointView(app, r);
    },
    deleteEndpoint: async ({ id }) => {
      const r = find(app, id);
      if (r.builtIn) throw new HookbayError('invalid_input', 'The built-in endpoint cannot be deleted.');
      app.endpoints.delete(r.id);
      app.events.emit({ type: 'endpoints.changed' });
      app.events.emit({ type: 'requests.deleted', endpointId: r.id });
      return { ok: true as const };
    },
    markEndpointRead: async ({ id }) => {
      app.endpoints.markRead(find(app, id).id);
      app.events.emit({ type: 'endpoints.changed' });
      return { ok: true as const };
    },
    clearEndpointRequests: async ({ id }) => {
      const r = find(app, id);
      const deleted = app.requests.clearEndpoint(r.id);
      app.events.emit({ type: 'requests.deleted', endpointId: r.id });
      return { deleted };
    },
  };
}
