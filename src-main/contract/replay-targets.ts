import type { Endpoint, ForwardTarget, RoutingRules } from './endpoints';
import { parseHttpUrl } from './fields';

/**
 * Where a webhook is forwarded: the one implementation, used by the relay (core/relay,
 * core/endpoints/route.ts) for every delivery and by the inspector to show the final URL
 * per target before an edit-and-replay is sent. Pure (no Node), like the rest of the
 * contract, so the preview and what is sent cannot drift apart; test/contract/replay-targets.test.ts
 * checks the preview against the request line a real target receives.
 */

/** Splits a raw request target into path and raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/**
 * The path after the endpoint's slug (`/stripe/a/b` → `/a/b`), `/` when nothing follows. The
 * built-in endpoint also receives paths that do not start with its slug: they are kept whole.
 */
export function pathAfterSlug(path: string, endpoint: Pick<Endpoint, 'slug' | 'builtIn'>): string {
  if (endpoint.builtIn) {
    const end = path.indexOf('/', 1);
    const first = (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
    if (first !== endpoint.slug) return path || '/';
  }
  const rest = path.slice(endpoint.slug.length + 1);
  return rest.length === 0 ? '/' : rest;
}

/**
 * The URL one target receives for a path after the slug and a raw query. `append` adds the
 * path after the endpoint's slug to the target's path; `replace` uses the target's path alone.
 * The query is kept either way, after any query the target URL itself carries.
 *
 * The scheme, host and port come from `URL`'s parse of the target, never from the request:
 * the path is first put in origin-form (a raw `*`, `http://other/x` or `@evil` request
 * target cannot leak into the authority) and the result is checked to keep the target's
 * origin. The path itself stays as the provider sent it, not `URL`-normalised, because
 * normalisation would rewrite `%2F`, `..` or odd escapes and the local app must see the
 * path exactly. Never throws: a target that is not an absolute http(s) URL is returned as
 * given and the relay records its attempt as `invalid_target`.
 */
export function forwardUrl(target: Pick<ForwardTarget, 'url' | 'pathMode'>, subPath: string, query: string): string {
  const parsed = parseHttpUrl(target.url);
  if (!parsed) return target.url;
  const ownPath = parsed.pathname === '/' && !target.url.replace(/[?#].*$/, '').endsWith('/') ? '' : parsed.pathname;
  let path: string;
  if (target.pathMode === 'replace') {
    path = ownPath || '/';
  } else {
    const sub = originForm(subPath);
    const rest = sub === '/' ? '' : sub;
    path = ownPath.endsWith('/') && rest.startsWith('/') ? ownPath + rest.slice(1) : ownPath + rest;
    if (path === '') path = '/';
  }
  const ownQuery = parsed.search.slice(1);
  const fullQuery = [ownQuery, query].filter(Boolean).join('&');
  const built = `${parsed.origin}${path}${fullQuery ? `?${fullQuery}` : ''}`;
  if (parseHttpUrl(built)?.origin === parsed.origin) return built;
  // Bytes URL cannot take verbatim: let URL encode them rather than send somewhere else.
  const safe = new URL(parsed.origin);
  safe.pathname = path;
  safe.search = fullQuery;
  return safe.href;
}

/**
 * A request target as an origin-form path. Asterisk-form (`OPTIONS *`) has no path: the
 * target's own. Absolute-form (`POST http://example.com/x`, which servers must accept)
 * contributes its path. Anything else not starting with `/` becomes a path segment.
 */
export function originForm(target: string): string {
  if (target === '' || target === '*') return '/';
  if (target.startsWith('/')) return target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (absolute) {
    const rest = target.slice(absolute[0].length);
    return rest.startsWith('/') ? rest : `/${rest}`;
  }
  return `/${target}`;
}

export interface RoutableRequest {
  eventType: string | null;
  method: string;
  /** Path after the endpoint's slug (`/invoices/1`). */
  subPath: string;
}

/**
 * Whether a target receives a request. Each present, non-empty list must match; an event
 * type pattern may end in `*` (`invoice.*`) because providers namespace their types and
 * users route whole families to one service. A request without a known event type never
 * matches an event-type rule: sending an unknown event to a service that asked for only
 * some types would be the surprise.
 */
export function matchesRules(rules: RoutingRules | undefined, req: RoutableRequest): boolean {
  if (!rules) return true;
  const { eventTypes, methods, paths } = rules;
  if (eventTypes && eventTypes.length > 0) {
    if (req.eventType === null || !eventTypes.some((p) => eventTypeMatches(p, req.eventType!))) return false;
  }
  if (methods && methods.length > 0) {
    const m = req.method.toUpperCase();
    if (!methods.some((x) => x.toUpperCase() === m)) return false;
  }
  if (paths && paths.length > 0) {
    if (!paths.some((p) => pathHasPrefix(req.subPath, p))) return false;
  }
  return true;
}

export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** `/invoices` matches `/invoices` and `/invoices/1` but not `/invoices-old`. */
function pathHasPrefix(path: string, prefix: string): boolean {
  const p = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (p === '/' || path === p) return true;
  return path.startsWith(p) && path[p.length] === '/';
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
  if (adHocUrl) {
    // The relay would record an unusable URL as an `invalid_target` attempt; a preview has no URL to show.
    if (!parseHttpUrl(adHocUrl)) throw new Error(`Not an http(s) URL: ${adHocUrl}`);
    return [forwardUrl({ url: adHocUrl, pathMode: pathEdited ? 'append' : 'replace' }, path, query)];
  }
  return endpoint.forward
    .filter((t) => t.enabled && matchesRules(t.rules, { eventType: req.eventType, method: req.method, subPath: path }))
    .map((t) => forwardUrl(t, path, query));
}
