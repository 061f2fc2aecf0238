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

/** Splits a raw request target into path and raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Path after the endpoint's slug (`/stripe/a/b` → `/a/b`), `/` when nothing follows. */
export function subPath(path: string, slug: string): string {
  if (slug === DEFAULT_SLUG && slugOf(path) !== DEFAULT_SLUG) return path || '/';
  const rest = path.slice(slug.length + 1);
  return rest.length === 0 ? '/' : rest;
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
