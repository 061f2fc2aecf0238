import crypto from 'node:crypto';
import dns from 'node:dns';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Intercept } from '../capture/receiver';

/**
 * Reserved receiver path for the probe. It starts with a dot, which no endpoint slug can, so it
 * never shadows an endpoint; without the current token it is captured like any other request.
 */
export const PROBE_PATH = '/.hookbay/tunnel-probe/';
export const PROBE_HEADER = 'x-hookbay-probe';

/** A secret per tunnel session, so only our own probe is answered without being stored. */
export function newProbeToken(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** The receiver side: answers `GET <PROBE_PATH><token>` by echoing the token, stores nothing. */
export function probeIntercept(currentToken: () => string | null): Intercept {
  return (req: IncomingMessage, res: ServerResponse) => {
    const token = currentToken();
    if (token === null || req.method !== 'GET' || req.url !== PROBE_PATH + token) return false;
    res.writeHead(200, { 'Content-Type': 'text/plain', [PROBE_HEADER]: token, 'Cache-Control': 'no-store' });
    res.end(token);
    return true;
  };
}

/**
 * `*.localhost` is loopback by definition (RFC 6761) and browsers treat it so, but getaddrinfo
 * often doesn't resolve subdomains of it. A self-hosted server on this machine hands out such URLs.
 */
const lookupWithLocalhost: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, callback);
};

/**
 * Sends one request through the public URL and checks that our receiver answered it, proving
 * the whole path (DNS, the server, our sockets, the ingress) works. Resolves to null on success,
 * or to the reason in plain words.
 */
export function probePublicUrl(
  publicUrl: string,
  token: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string | null> {
  const url = new URL(PROBE_PATH + token, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve) => {
    const req = get(
      url,
      {
        agent: false,
        signal,
        lookup: lookupWithLocalhost,
        timeout: timeoutMs,
        // loca.lt shows a reminder page instead of forwarding to browser-like agents unless this is set.
        headers: { 'bypass-tunnel-reminder': 'hookbay', 'User-Agent': 'hookbay-tunnel-probe' },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.headers[PROBE_HEADER] === token) resolve(null);
          else if (res.statusCode === 404) resolve(`The tunnel server no longer knows this tunnel (404 at ${publicUrl}).`);
          else resolve(`Something other than Hookbay answered at ${publicUrl} (HTTP ${res.statusCode}).`);
        });
        res.on('error', () => resolve(`The answer through ${publicUrl} broke off.`));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve(
        err.code === 'ETIMEDOUT'
          ? `No answer through ${publicUrl} within ${Math.round(timeoutMs / 1000)} s.`
          : `Could not reach ${publicUrl} (${err.code ?? err.message}).`,
      ),
    );
  });
}
