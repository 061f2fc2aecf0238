import { pathAfterSlug } from '../../contract/replay-targets';
import { DEFAULT_SLUG, type EndpointRecord } from '../store/endpoint-store';

/**
 * Where a request lives under an endpoint. Requests to `/<slug>` or `/<slug>/...` belong
 * to the endpoint with that slug; anything else to the built-in `default` endpoint. Stored
 * paths keep the slug as their first segment, so forwarding and replay strip it the same
 * way for captures, replays and imports; `subPath` and `endpointPath` are each other's
 * inverse.
 */
export function slugOf(path: string): string {
  const end = path.indexOf('/', 1);
  const first = end === -1 ? path.slice(1) : path.slice(1, end);
  return first.toLowerCase();
}

export { splitTarget } from '../../contract/replay-targets';

/**
 * Path after the endpoint's slug (`/stripe/a/b` → `/a/b`), `/` when nothing follows. The
 * contract's `pathAfterSlug`, which the replay preview uses too; only the built-in endpoint
 * has the reserved slug `default`.
 */
export function subPath(path: string, slug: string): string {
  return pathAfterSlug(path, { slug, builtIn: slug === DEFAULT_SLUG });
}

/** The stored path of a request to `sub` under the endpoint (`/a` under `stripe` → `/stripe/a`). */
export function endpointPath(endpoint: Pick<EndpointRecord, 'builtIn' | 'slug'>, sub = '/'): string {
  if (endpoint.builtIn) return sub;
  return `/${endpoint.slug}${sub === '/' ? '' : sub}`;
}

/**
 * The stored path of an imported request: kept when it already starts with the endpoint's
 * slug (a HAR exported from Hookbay), otherwise put under it, like a capture to that endpoint.
 */
export function importedPath(endpoint: Pick<EndpointRecord, 'builtIn' | 'slug'>, path: string): string {
  return !endpoint.builtIn && slugOf(path) !== endpoint.slug ? `/${endpoint.slug}${path}` : path;
}
