import { contract, type OperationName } from '@contract';

export interface HttpCall {
  method: string;
  /** Path with query string, relative to the API origin. */
  url: string;
  /** JSON text for POST/PUT/PATCH. */
  body: string | undefined;
}

/** A query or path value as text: scalars as themselves, anything else (filter objects) as JSON. */
function valueText(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function appendQuery(params: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    // The server reads comma lists and repeated keys alike; repeated keys keep commas in values safe.
    for (const item of value) appendQuery(params, key, item);
    return;
  }
  params.append(key, valueText(value));
}

/**
 * Maps an operation and its input to the HTTP call the contract declares: `:name` path
 * segments are taken out of the input, GET/DELETE send the rest as a query string and
 * the others as a JSON body.
 */
export function httpCallFor(name: OperationName, input: unknown): HttpCall {
  const { method, path } = contract[name].http;
  const rest: Record<string, unknown> = { ...((input ?? {}) as Record<string, unknown>) };
  const url = path.replace(/:([a-zA-Z]+)/g, (_m, param: string) => {
    const value = rest[param];
    delete rest[param];
    if (value === undefined || value === null || value === '') throw new Error(`${name}: missing "${param}"`);
    return encodeURIComponent(valueText(value));
  });
  if (method === 'GET' || method === 'DELETE') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) appendQuery(params, k, v);
    const qs = params.toString();
    return { method, url: qs ? `${url}?${qs}` : url, body: undefined };
  }
  return { method, url, body: JSON.stringify(rest) };
}
