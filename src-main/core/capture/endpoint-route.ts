/**
 * Requests to `/<slug>` or `/<slug>/...` belong to the endpoint with that slug;
 * anything else to the built-in `default` endpoint.
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
  if (slug === 'default' && slugOf(path) !== 'default') return path || '/';
  const rest = path.slice(slug.length + 1);
  return rest.length === 0 ? '/' : rest;
}
