import type { ForwardTarget } from '../../contract/endpoints';

/**
 * The URL a request is forwarded to. `append` adds the path after the endpoint's slug to
 * the target's path; `replace` uses the target's path alone. The query is kept either
 * way, after any query the target URL itself carries. Built by string concatenation, not
 * `new URL()`, because URL normalisation would rewrite `%2F`, `..` or odd escapes and the
 * local app must see the path exactly as the provider sent it.
 */
export function targetUrl(target: Pick<ForwardTarget, 'url' | 'pathMode'>, subPath: string, query: string): string {
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
  const ownQuery = parsed.search.slice(1);
  const fullQuery = [ownQuery, query].filter(Boolean).join('&');
  return fullQuery ? `${base}${path}?${fullQuery}` : `${base}${path}`;
}

/** Concurrency and ordering apply per target; replays to an ad-hoc URL share their origin's lane. */
export function laneOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
