import http from 'node:http';
import https from 'node:https';
import type { HeaderPairs } from '../../contract/common';
import { pairsFromRaw } from '../http/headers';

import type { ErrorClass } from '../../contract/requests';

export type { ErrorClass };

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
  body: Buffer;
}

export interface AttemptResult {
  startedAt: number;
  durationMs: number;
  status: number | null;
  responseHeaders: HeaderPairs | null;
  /** Up to `keepBytes` of the response body. */
  responseBody: Buffer | null;
  responseTruncated: boolean;
  errorClass: ErrorClass | null;
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  /** Response body bytes kept; the rest is read and dropped so the connection can be reused. */
  keepBytes: number;
  signal?: AbortSignal;
}

/**
 * Keep-alive agents: forwarding to a dev server is many small requests to one origin, and a
 * fresh TCP connection per request would dominate the overhead. A reused socket the server
 * already closed surfaces as `reset` and is simply retried.
 */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 1000 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 1000 }),
};

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_|HOSTNAME_MISMATCH)/;

/** Node refuses the request before sending anything: no later attempt can do better. */
const INVALID_TARGET_CODES = new Set(['ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL', 'ERR_HOOKBAY_INVALID_TARGET']);
const INVALID_REQUEST_CODES = new Set([
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_INVALID_CHAR',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
]);

export function classifyError(err: NodeJS.ErrnoException): ErrorClass {
  const code = err.code ?? '';
  if (INVALID_TARGET_CODES.has(code)) return 'invalid_target';
  if (INVALID_REQUEST_CODES.has(code)) return 'invalid_request';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ETIMEDOUT' || code === 'ERR_HOOKBAY_TIMEOUT') return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA') return 'dns';
  if (TLS_CODES.test(code) || /SSL|TLS|certificate/i.test(err.message)) return 'tls';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED' || err.message === 'socket hang up') return 'reset';
  return 'other';
}

export function classifyStatus(status: number): ErrorClass | null {
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  return null;
}

/**
 * One HTTP exchange with `node:http`, not fetch: fetch would lowercase and merge header
 * names, refuse some (`Host`, `Content-Length`), and decode bodies. Here the header list
 * goes on the wire as given, in order, and the timeout covers the whole exchange (connect,
 * upload, the target's think time and the response body), which is what "the target did
 * not answer in 30 s" means to a provider.
 */
export function sendAttempt(req: OutgoingRequest, options: SendOptions): Promise<AttemptResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    let client: http.ClientRequest | undefined = undefined;
    // Declared before anything can call finish(): a synchronous failure of http.request
    // settles the attempt before the request object exists.
    const onAbort = () => client?.destroy(Object.assign(new Error('Aborted'), { code: 'ERR_HOOKBAY_ABORTED' }));
    const finish = (r: Omit<AttemptResult, 'startedAt' | 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ...r, startedAt, durationMs: Math.round((performance.now() - t0) * 100) / 100 });
    };
    const fail = (err: NodeJS.ErrnoException, partial?: Partial<AttemptResult>) =>
      finish({
        status: null,
        responseHeaders: null,
        responseBody: null,
        responseTruncated: false,
        ...partial,
        errorClass: classifyError(err),
        error: err.message || err.code || 'request failed',
      });

    const url = parseTarget(req.url);
    if (url instanceof Error) {
      fail(url);
      return;
    }
    const secure = url.protocol === 'https:';
    const flat: string[] = [];
    for (const [k, v] of req.headers) flat.push(k, v);
    try {
      client = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (secure ? 443 : 80),
        method: req.method,
        // The raw path as built by targetUrl(), not URL's re-encoded one.
        path: rawPathOf(req.url),
        headers: flat,
        setHost: false,
        agent: secure ? agents.https : agents.http,
      });
    } catch (err) {
      // Node validates the method, path, header names and values before anything is sent (a
      // HAR-imported header with a space in its name, say): that is this attempt's failure,
      // recorded like any other, not a crash of the dispatcher.
      fail(err as NodeJS.ErrnoException);
      return;
    }
    const sending = client;

    timer = setTimeout(() => {
      const err = Object.assign(new Error(`No complete answer within ${options.timeoutMs} ms`), {
        code: 'ERR_HOOKBAY_TIMEOUT',
      });
      sending.destroy(err);
    }, options.timeoutMs);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    sending.on('error', (err) => fail(err));
    sending.on('response', (res) => {
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let truncated = false;
      const responseHeaders = pairsFromRaw(res.rawHeaders);
      const status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => {
        if (keptBytes < options.keepBytes) {
          const room = options.keepBytes - keptBytes;
          if (chunk.length > room) {
            kept.push(chunk.subarray(0, room));
            keptBytes += room;
            truncated = true;
          } else {
            kept.push(chunk);
            keptBytes += chunk.length;
          }
        } else if (chunk.length > 0) {
          truncated = true;
        }
      });
      res.on('end', () =>
        finish({
          status,
          responseHeaders,
          responseBody: Buffer.concat(kept),
          responseTruncated: truncated,
          errorClass: classifyStatus(status),
          error: null,
        }),
      );
      // The status and headers arrived; a body cut short is still an answer worth recording.
      res.on('error', (err) =>
        fail(err, { status, responseHeaders, responseBody: Buffer.concat(kept), responseTruncated: true }),
      );
    });
    sending.end(req.body.length > 0 ? req.body : undefined);
  });
}

/** The target as a URL Node can send to: absolute http(s) with a host, or why not. */
function parseTarget(raw: string): URL | NodeJS.ErrnoException {
  const invalid = (why: string) =>
    Object.assign(new Error(`Invalid target URL ${JSON.stringify(raw.slice(0, 200))}: ${why}`), { code: 'ERR_HOOKBAY_INVALID_TARGET' });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid('not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid(`${url.protocol} is not http: or https:`);
  if (!url.hostname) return invalid('no host');
  return url;
}

function rawPathOf(url: string): string {
  const afterScheme = url.indexOf('//') + 2;
  const slash = url.indexOf('/', afterScheme);
  const q = url.indexOf('?', afterScheme);
  if (slash === -1 || (q !== -1 && q < slash)) return '/' + (q === -1 ? '' : url.slice(q));
  const hash = url.indexOf('#', slash);
  return hash === -1 ? url.slice(slash) : url.slice(slash, hash);
}
