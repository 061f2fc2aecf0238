import type { ForwardTarget } from '../../contract/endpoints';
import { parseHttpUrl } from '../../contract/fields';

/**
 * The URL a request is forwarded to. `append` adds the path after the endpoint's slug to
 * the target's path; `replace` uses the target's path alone. The query is kept either
 * way, after any query the target URL itself carries.
 *
 * The scheme, host and port come from `URL`'s parse of the target, never from the request:
 * the path is first put in origin-form (a raw `*`, `http://other/x` or `@evil` request
 * target cannot leak into the authority) and the result is checked to keep the target's
 * origin. The path itself stays as the provider sent it, not `URL`-normalised, because
 * normalisation would rewrite `%2F`, `..` or odd escapes and the local app must see the
 * path exactly. Never throws: a target that is not an absolute http(s) URL is returned as
 * given and its attempt is recorded as `invalid_target`.
 */
export function targetUrl(target: Pick<ForwardTarget, 'url' | 'pathMode'>, subPath: string, query: string): string {
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

/** Concurrency and ordering apply per target; replays to an ad-hoc URL share their origin's lane. */
export function laneOf(url: string): string {
  return parseHttpUrl(url)?.origin ?? url;
}
