import type { Endpoint, ForwardTarget } from './endpoints';

/**
 * What an edit-and-replay will actually send, computed in the inspector so its Path field
 * can show the final URL per target before anything is sent. Pure (no Node), like the rest
 * of the contract. Mirrors the relay's `subPath` (core/endpoints/route.ts), `targetUrl`
 * (core/relay/target-url.ts) and `matchesRules` (core/relay/routing.ts);
 * test/contract/replay-targets.test.ts proves both agree on generated endpoints and paths.
 */

/** The request's path after the endpoint's slug (`/relay/a` → `/a`), as the relay strips it. */
export function pathAfterSlug(path: string, endpoint: Pick<Endpoint, 'slug' | 'builtIn'>): string {
  if (endpoint.builtIn) {
    const end = path.indexOf('/', 1);
    const first = (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
    if (first !== endpoint.slug) return path || '/';
  }
  const rest = path.slice(endpoint.slug.length + 1);
  return rest.length === 0 ? '/' : rest;
}

function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** The URL one target receives for a path after the slug and a raw query. */
export function forwardUrl(target: Pick<ForwardTarget, 'url' | 'pathMode'>, subPath: string, query: string): string {
  const parsed = new URL(target.url);
  const base = `${parsed.protocol}//${parsed.host}`;
  const ownPath = parsed.pathname === '/' && !target.url.replace(/[?#].*$/, '').endsWith('/') ? '' : parsed.pathname;
  let path: string;
  if (target.pathMode === 'replace') {
    path = ownPath || '/';
  } else {
    const rest = subPath === '/' ? '' : subPath;
    path = ownPath.endsWith('/') && rest.startsWith('/') ? ownPath + rest.slice(1) : ownPath + rest;
    if (path === '') path = '/';
  }
  const fullQuery = [parsed.search.slice(1), query].filter(Boolean).join('&');
  return fullQuery ? `${base}${path}?${fullQuery}` : `${base}${path}`;
}

function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

function pathHasPrefix(path: string, prefix: string): boolean {
  const p = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (p === '/' || path === p) return true;
  return path.startsWith(p) && path[p.length] === '/';
}

function routes(target: ForwardTarget, req: { eventType: string | null; method: string; subPath: string }): boolean {
  const { eventTypes, methods, paths } = target.rules ?? {};
  if (eventTypes?.length && (req.eventType === null || !eventTypes.some((p) => eventTypeMatches(p, req.eventType!)))) return false;
  if (methods?.length && !methods.some((m) => m.toUpperCase() === req.method.toUpperCase())) return false;
  if (paths?.length && !paths.some((p) => pathHasPrefix(req.subPath, p))) return false;
  return true;
}

export interface ReplayRequest {
  method: string;
  eventType: string | null;
  /** What the Path field holds: the path after the slug, with an optional `?query`. */
  target: string;
}

/**
 * The URLs a replay reaches: the endpoint's enabled, matching targets, or the typed URL —
 * whose own path is kept unless the path was edited, then the edited path is appended.
 */
export function replayUrls(
  endpoint: Pick<Endpoint, 'forward'>,
  req: ReplayRequest,
  adHocUrl: string | null,
  pathEdited: boolean,
): string[] {
  const { path, query } = splitTarget(req.target || '/');
  if (adHocUrl) return [forwardUrl({ url: adHocUrl, pathMode: pathEdited ? 'append' : 'replace' }, path, query)];
  return endpoint.forward
    .filter((t) => t.enabled && routes(t, { eventType: req.eventType, method: req.method.toUpperCase(), subPath: path }))
    .map((t) => forwardUrl(t, path, query));
}
