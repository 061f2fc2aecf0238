/**
 * Calls contract operations over the real HTTP API of a headless Hookbay, the way any
 * client would: path parameters in the path, GET/DELETE input in the query string, the
 * rest as a JSON body. A case may also break the transport itself (a raw path parameter
 * such as `%ZZ`, a body that is not JSON, the wrong content type).
 */
import { contract, type OperationName } from '../../../src-main/contract';
import { jsonText, plainText } from './deep';

export interface HttpCall {
  op: OperationName;
  input: unknown;
  /** Put into the path as is (not encoded) instead of the input's parameter. */
  rawParam?: string;
  /** Send this body text instead of JSON.stringify(input). */
  rawBody?: string;
  contentType?: string;
}

export interface HttpOutcome {
  status: number;
  body: string;
  ms: number;
}

/** As a client would: lone surrogates (which encodeURIComponent refuses) become U+FFFD. */
const encodePart = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, '\ufffd'));

/** A query parameter per item of an array (nested arrays flattened), objects as JSON; at any depth. */
function appendQuery(search: URLSearchParams, key: string, value: unknown): void {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === undefined) continue;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (v !== null && typeof v === 'object') search.append(key, jsonText(v) ?? '');
    else search.append(key, String(v));
  }
}

export interface HttpRequest {
  method: string;
  pathAndQuery: string;
  body?: string;
  contentType?: string;
}

/** The URL path and query (and body) a client would send for this call. */
export function requestOf(call: HttpCall): HttpRequest {
  const { method, path } = contract[call.op].http;
  const input = call.input !== null && typeof call.input === 'object' && !Array.isArray(call.input) ? (call.input as Record<string, unknown>) : {};
  const pathname = path.replace(/:([a-zA-Z]+)/g, (_m, p: string) =>
    call.rawParam !== undefined ? call.rawParam : encodePart(plainText(input[p] ?? '')),
  );
  if (method === 'GET' || method === 'DELETE') {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) appendQuery(search, k, v);
    const q = search.toString();
    return { method, pathAndQuery: q ? `${pathname}?${q}` : pathname };
  }
  const body = call.rawBody ?? jsonText(call.input) ?? '';
  return { method, pathAndQuery: pathname, body, contentType: call.contentType ?? 'application/json' };
}

export function callHttp(apiUrl: string, token: string, call: HttpCall, timeoutMs = 30_000): Promise<HttpOutcome> {
  return sendHttp(apiUrl, token, requestOf(call), timeoutMs);
}

/** Sends a request built by `requestOf` (building one of megabytes takes this process a while: do it before timing). */
export async function sendHttp(apiUrl: string, token: string, r: HttpRequest, timeoutMs = 30_000): Promise<HttpOutcome> {
  const started = performance.now();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (r.contentType) headers['Content-Type'] = r.contentType;
  try {
    const res = await fetch(`${apiUrl}${r.pathAndQuery}`, { method: r.method, headers, body: r.body, signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - started };
  } catch (err) {
    // No answer at all (reset, timeout): reported as status 0 with why.
    return { status: 0, body: String((err as Error).cause ?? err), ms: performance.now() - started };
  }
}
