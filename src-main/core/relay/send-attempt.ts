import http from 'node:http';
import https from 'node:https';
import type { HeaderPairs } from '../../contract/common';
import { pairsFromRaw } from '../http/headers';

export type ErrorClass = 'connection_refused' | 'timeout' | 'dns' | 'tls' | 'http_5xx' | 'http_4xx' | 'reset' | 'other';

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

export function classifyError(err: NodeJS.ErrnoException): ErrorClass {
  const code = err.code ?? '';
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

    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      const err = Object.assign(new Error(`Invalid target URL ${req.url}`), { code: 'ERR_INVALID_URL' });
      setImmediate(() => fail(err));
      return;
    }
    const secure = url.protocol === 'https:';
    const flat: string[] = [];
    for (const [k, v] of req.headers) flat.push(k, v);
    let client: http.ClientRequest;
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
      // Node validates names and values before anything is sent (an edited header with a
      // newline, say): that is this attempt's failure, not a crash of the dispatcher.
      setImmediate(() => fail(err as NodeJS.ErrnoException));
      return;
    }

    timer = setTimeout(() => {
      const err = Object.assign(new Error(`No complete answer within ${options.timeoutMs} ms`), {
        code: 'ERR_HOOKBAY_TIMEOUT',
      });
      client.destroy(err);
    }, options.timeoutMs);
    const onAbort = () => client.destroy(Object.assign(new Error('Aborted'), { code: 'ERR_HOOKBAY_ABORTED' }));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    client.on('error', (err) => fail(err));
    client.on('response', (res) => {
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
    client.end(req.body.length > 0 ? req.body : undefined);
  });
}

function rawPathOf(url: string): string {
  const afterScheme = url.indexOf('//') + 2;
  const slash = url.indexOf('/', afterScheme);
  const q = url.indexOf('?', afterScheme);
  if (slash === -1 || (q !== -1 && q < slash)) return '/' + (q === -1 ? '' : url.slice(q));
  const hash = url.indexOf('#', slash);
  return hash === -1 ? url.slice(slash) : url.slice(slash, hash);
}
