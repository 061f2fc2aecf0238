import type { Endpoint } from '../../contract/endpoints';
import type { Handlers } from '../../contract';
import { HookbayError, notFound } from '../errors';
import { endpointLocalUrl, endpointPublicUrl } from '../endpoints/urls';
import { DEFAULT_SLUG, SlugTakenError, type EndpointRecord } from '../store/endpoint-store';
import type { CoreContext } from './context';
import { assertValidVerify } from './signatures';

type EndpointContext = Pick<
  CoreContext,
  'endpoints' | 'managed' | 'requests' | 'events' | 'receiverUrl' | 'publicBaseUrl' | 'reverify' | 'leadsToOwnReceiver'
>;

export function endpointView(
  app: Pick<CoreContext, 'endpoints' | 'managed' | 'receiverUrl' | 'publicBaseUrl'>,
  r: EndpointRecord,
  counts = app.endpoints.counts(),
): Endpoint {
  const c = counts.get(r.id) ?? { total: 0, unread: 0 };
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
    localUrl: endpointLocalUrl(r, app.receiverUrl),
    publicUrl: endpointPublicUrl(r, app.publicBaseUrl),
    unread: c.unread,
    total: c.total,
    managedBy: app.managed.of(r.slug),
  };
}

function find(app: Pick<CoreContext, 'endpoints'>, id: string): EndpointRecord {
  const r = app.endpoints.byIdOrSlug(id);
  if (!r) throw notFound(`Endpoint ${id}`);
  return r;
}

/**
 * A target that is this Hookbay's own receiver forwards every capture back into itself: a
 * loop, refused here with the field named (the hop limit catches loops through other hosts).
 */
function refuseSelfTargets(app: Pick<CoreContext, 'leadsToOwnReceiver'>, forward: { url: string }[] | undefined): void {
  const issues = (forward ?? []).flatMap((t, i) =>
    app.leadsToOwnReceiver(t.url)
      ? [{ path: `forward.${i}.url`, message: "this is Hookbay's own receiver: forwarding there would loop" }]
      : [],
  );
  if (issues.length > 0) {
    throw new HookbayError('invalid_input', `A forward target is Hookbay's own receiver (${issues[0]!.path}); forwarding there would loop.`, issues);
  }
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
  app: EndpointContext,
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
      if (input.slug === DEFAULT_SLUG) {
        throw new HookbayError('conflict', `The slug "${DEFAULT_SLUG}" is reserved.`, [
          { path: 'slug', message: `The slug "${DEFAULT_SLUG}" is reserved.` },
        ]);
      }
      assertValidVerify(input.verify);
      refuseSelfTargets(app, input.forward);
      const r = guardSlug(() => app.endpoints.create(input));
      app.events.emit({ type: 'endpoints.changed' });
      return endpointView(app, r);
    },
    updateEndpoint: async ({ id, ...patch }) => {
      const current = find(app, id);
      if (current.builtIn && patch.slug !== undefined && patch.slug !== current.slug) {
        throw new HookbayError('invalid_input', `The built-in endpoint keeps the slug "${DEFAULT_SLUG}".`, [
          { path: 'slug', message: `The built-in endpoint keeps the slug "${DEFAULT_SLUG}".` },
        ]);
      }
      assertValidVerify(patch.verify);
      refuseSelfTargets(app, patch.forward);
      const r = guardSlug(() => app.endpoints.update(current.id, patch));
      if (!r) throw notFound(`Endpoint ${id}`);
      app.events.emit({ type: 'endpoints.changed' });
      // In the background: the call answers at once, and the changed verdicts reach the UI
      // as `request.updated` events (the run itself never rejects).
      if (patch.verify !== undefined) void app.reverify(r.id);
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
