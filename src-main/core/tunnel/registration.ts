import http from 'node:http';
import https from 'node:https';

/** What a localtunnel server answers to `GET /<subdomain>` or `GET /?new`. */
export interface Registration {
  id: string;
  url: string;
  port: number;
  max_conn_count?: number;
  ip?: string;
}

/** A failed request for a tunnel; `retryable` is false when asking again cannot help. */
export class RegistrationError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The server's HTTP status when it answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistrationError';
  }
}

/**
 * Asks the server for a tunnel, once. This replaces the client's own request because upstream
 * retries forever every second (even after `close()`, keeping the process alive), and treats a
 * refusal such as "invalid subdomain" as "server offline", so it would never say why.
 */
export function register(
  host: string,
  subdomain: string | null,
  timeoutMs: number,
  signal?: AbortSignal,
  /** A `hookbay tunnel-server` access token, sent as `Authorization: Bearer`. */
  token?: string,
): Promise<Registration> {
  let url: URL;
  try {
    // Appended like upstream does, so a server under a path prefix works too.
    url = new URL(`${host.replace(/\/+$/, '')}/${subdomain ?? '?new'}`);
  } catch {
    return Promise.reject(new RegistrationError(`The tunnel host "${host}" is not a valid URL.`, false));
  }
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    // agent: false so no pooled socket outlives the request; `signal` aborts it on stop, so
    // stop never waits for (or leaves behind) a request to a hung server.
    const headers: Record<string, string> = { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    const options = { agent: false, headers, timeout: timeoutMs, signal };
    const req = get(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(new RegistrationError(`The tunnel server at ${url.origin} broke off its answer (${err.message}).`, true)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Partial<Registration> & { message?: string } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          /* an HTML error page from a proxy in front of the server */
        }
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          const why = body.message ?? `HTTP ${status}`;
          // 4xx is the server saying no to this request (bad subdomain, forbidden); asking the same
          // again won't help. 429 and 5xx are load or outages, which pass.
          const retryable = status === 429 || status >= 500;
          reject(new RegistrationError(`The tunnel server at ${url.origin} refused the tunnel: ${why}.`, retryable, status));
          return;
        }
        if (typeof body.id !== 'string' || typeof body.url !== 'string' || typeof body.port !== 'number') {
          reject(new RegistrationError(`The tunnel server at ${url.origin} gave an answer that is not a localtunnel grant.`, true));
          return;
        }
        resolve(body as Registration);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new RegistrationError(
          err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
            ? `Could not resolve the tunnel server ${url.hostname} (offline or DNS).`
            : `Could not reach the tunnel server at ${url.origin} (${err.code ?? err.message}).`,
          true,
        ),
      ),
    );
  });
}
