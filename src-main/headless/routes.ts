import { contract, type HttpMethod, type OperationName } from '../contract';

interface Route {
  name: OperationName;
  method: HttpMethod;
  pattern: RegExp;
  params: string[];
}

/** The contract's HTTP routes, compiled once. */
export const routes: Route[] = (Object.keys(contract) as OperationName[]).map((name) => {
  const { method, path } = contract[name].http;
  const params: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_m, p: string) => {
    params.push(p);
    return '([^/]+)';
  });
  return { name, method, pattern: new RegExp(`^${source}$`), params };
});

export type RouteMatch =
  | { name: OperationName; params: Record<string, string> }
  | { methodNotAllowed: true }
  /** A `:param` segment that is not valid percent-encoding (`/api/requests/%ZZ`). */
  | { undecodable: string }
  | null;

export function matchRoute(method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [i, p] of r.params.entries()) {
      const value = decoded(m[i + 1]!);
      if (value === null) return { undecodable: p };
      params[p] = value;
    }
    return { name: r.name, params };
  }
  return pathMatched ? { methodNotAllowed: true } : null;
}

/** Query string to an input object; repeated keys become arrays. */
export function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of search) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The first query key whose key or value is not valid percent-encoding, or null.
 * URLSearchParams would quietly keep `%ZZ` as text; the caller should hear it was garbled.
 */
export function undecodableQueryKey(search: string): string | null {
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const keyText = decoded(key.replace(/\+/g, ' '));
    if (keyText === null) return 'query';
    if (eq !== -1 && decoded(part.slice(eq + 1).replace(/\+/g, ' ')) === null) return keyText;
  }
  return null;
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
