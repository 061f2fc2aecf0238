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

export type RouteMatch = { name: OperationName; params: Record<string, string> } | { methodNotAllowed: true } | null;

export function matchRoute(method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.params.forEach((p, i) => (params[p] = decodeURIComponent(m[i + 1]!)));
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
