import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Handlers } from '../contract';
import type { ApiError } from '../contract/common';
import type { EventBus } from '../core/events';
import type { StreamedHandlers } from '../core/service';
import { closeAfterDrain } from '../core/http/close-after-drain';
import { stderrLogger, type Logger } from '../core/log/logger';
import { callOperation, internalError, toFailure } from '../core/transport';
import { openApiDocument } from './openapi';
import { matchRoute, queryObject, undecodableQueryKey } from './routes';
import { streamOperation } from './stream-response';
import { loadStaticFiles, type StaticFile } from './static-files';

export interface ApiServerOptions {
  handlers: Handlers;
  events: EventBus;
  token: string;
  /** Directory of the built renderer; the UI is not served when absent. */
  rendererDir: string | null;
  maxJsonBytes?: number;
  /** Where failures are logged (and named in the 500 the caller gets); stderr when absent. */
  logger?: Logger;
  /** Operations answered as a stream of chunks (exports of any size); the rest go through `handlers`. */
  streamed?: StreamedHandlers;
}

/** The renderer may talk only to itself; payloads are never rendered as HTML anyway. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const SECURITY_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Headless transport of the contract: JSON over HTTP plus server-sent events, and the
 * renderer's static files. Loopback only by design; every /api call needs the token,
 * and foreign Host (DNS rebinding) or Origin (CSRF) headers are refused.
 */
export class ApiServer {
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<ServerResponse>();
  private readonly files: Map<string, StaticFile>;
  private readonly tokenBuf: Buffer;
  private port = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly log: Logger;

  constructor(private readonly options: ApiServerOptions) {
    this.files = options.rendererDir ? loadStaticFiles(options.rendererDir) : new Map();
    this.tokenBuf = Buffer.from(options.token);
    this.log = (options.logger ?? stderrLogger).child({ component: 'api' });
  }

  get hasUi(): boolean {
    return this.files.has('/index.html');
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = http.createServer({ headersTimeout: 10_000, requestTimeout: 120_000 }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.log.error('request failed', { method: req.method, err });
        if (!res.headersSent) this.fail(res, 500, internalError(this.log).error);
        else res.destroy();
      });
    });
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.heartbeat = setInterval(() => {
      for (const s of this.streams) s.write(': keep-alive\n\n');
    }, 15_000).unref();
    return this.port;
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.streams) s.end();
    this.streams.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
    const hostProblem = this.checkHost(req);
    if (hostProblem) return this.fail(res, 403, { code: 'forbidden_host', message: hostProblem });
    const url = requestUrl(req.url);
    if (url === null) return this.fail(res, 400, { code: 'invalid_input', message: 'The request target is not a path.' });
    if (!url.pathname.startsWith('/api/')) return this.serveStatic(url.pathname, req, res);

    const originProblem = this.checkOrigin(req);
    if (originProblem) return this.fail(res, 403, { code: 'forbidden_origin', message: originProblem });
    // The API's description is public (it is in the repository), so tools may fetch it without the token.
    if (url.pathname === '/api/openapi.json' && req.method === 'GET') {
      return this.json(res, 200, { ...openApiDocument(), servers: [{ url: `http://${req.headers.host}`, description: 'this server' }] });
    }
    const eventsPath = url.pathname === '/api/events';
    if (!this.authorized(req, eventsPath ? url.searchParams.get('token') : null)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="hookbay"');
      return this.fail(res, 401, {
        code: 'unauthorized',
        message: 'Missing or wrong API token: send "Authorization: Bearer <token>" (printed by `hookbay serve`).',
      });
    }
    if (eventsPath && req.method === 'GET') return this.openStream(req, res);

    const route = matchRoute(req.method ?? 'GET', url.pathname);
    const { streamed } = this.options;
    if (route === null) return this.fail(res, 404, { code: 'not_found', message: `No API route ${url.pathname}.` });
    if ('methodNotAllowed' in route) {
      return this.fail(res, 405, { code: 'method_not_allowed', message: `${req.method} is not allowed on ${url.pathname}.` });
    }
    if ('undecodable' in route) return this.fail(res, 400, undecodable(route.undecodable));
    const garbledKey = undecodableQueryKey(url.search);
    if (garbledKey !== null) return this.fail(res, 400, undecodable(garbledKey));
    if (streamed && route.name === 'importHar') return this.importHar(req, res, streamed);
    let input: Record<string, unknown>;
    if (req.method === 'GET' || req.method === 'DELETE') {
      input = { ...queryObject(url.searchParams), ...route.params };
    } else {
      const body = await this.readJson(req, res);
      if (body === undefined) return;
      input = { ...body, ...route.params };
    }
    if (streamed && (route.name === 'exportHar' || route.name === 'exportJson')) return streamOperation(res, route.name, input, streamed, this.log);
    const result = await callOperation(this.options.handlers, route.name, input, this.log);
    this.log.debug('call', { operation: route.name, status: result.status });
    if (!result.ok) return this.fail(res, result.status, result.error);
    this.json(res, result.status, result.value);
  }

  /** DNS rebinding defence: a page on evil.example resolving to 127.0.0.1 still sends its own Host. */
  private checkHost(req: IncomingMessage): string | null {
    const host = req.headers.host;
    if (!host) return 'A Host header is required.';
    const hostname = host.replace(/:\d+$/, '').toLowerCase();
    if (!LOCAL_HOSTNAMES.has(hostname)) return `Host "${host}" is not allowed; use localhost or 127.0.0.1.`;
    return null;
  }

  /** CSRF defence: browsers send Origin on cross-site requests; only our own page may call. */
  private checkOrigin(req: IncomingMessage): string | null {
    const origin = req.headers.origin;
    if (origin === undefined) return null;
    try {
      const u = new URL(origin);
      if (u.protocol === 'http:' && LOCAL_HOSTNAMES.has(u.hostname.toLowerCase()) && Number(u.port) === this.port) {
        return null;
      }
    } catch {
      /* fall through */
    }
    return `Origin "${origin}" may not call this API.`;
  }

  private authorized(req: IncomingMessage, queryToken: string | null): boolean {
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : queryToken;
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === this.tokenBuf.length && crypto.timingSafeEqual(buf, this.tokenBuf);
  }

  /** A HAR import reads its body as text and parses it in slices (a whole `JSON.parse` of 64 MiB blocks for seconds). */
  private async importHar(req: IncomingMessage, res: ServerResponse, streamed: StreamedHandlers): Promise<void> {
    const text = await this.readBody(req, res, (chunks) => (this.isJson(req, res) ? Buffer.concat(chunks).toString('utf8') : undefined));
    if (text === undefined) return;
    try {
      this.json(res, 201, await streamed.importHarBody(text));
    } catch (err) {
      const failure = toFailure(err, this.log, 'importHar');
      this.fail(res, failure.status, failure.error);
    }
  }

  private readJson(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
    return this.readBody(req, res, (chunks, size) => this.parseJson(req, res, chunks, size));
  }

  private readBody<T>(req: IncomingMessage, res: ServerResponse, finish: (chunks: Buffer[], size: number) => T | undefined): Promise<T | undefined> {
    const limit = this.options.maxJsonBytes ?? 64 * 1024 * 1024;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      this.tooLarge(req, res, limit);
      return Promise.resolve(undefined);
    }
    // Listeners rather than `for await`: leaving that loop early destroys the socket, and
    // under load the client then sees a reset before the 413 that says why.
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const settle = (v: T | undefined) => {
        if (settled) return;
        settled = true;
        resolve(v);
      };
      req.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > limit) {
          chunks.length = 0;
          this.tooLarge(req, res, limit);
          settle(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => settle(settled ? undefined : finish(chunks, size)));
      req.on('close', () => settle(undefined));
      req.on('error', () => settle(undefined));
    });
  }

  /** Answers 413, then drains (without keeping) the rest of the body and closes. */
  private tooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
    this.fail(res, 413, { code: 'payload_too_large', message: `The JSON body exceeds ${limit} bytes.` });
    closeAfterDrain(req, res);
  }

  private isJson(req: IncomingMessage, res: ServerResponse): boolean {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') return true;
    this.fail(res, 415, { code: 'unsupported_media_type', message: 'Send the body as Content-Type: application/json.' });
    return false;
  }

  private parseJson(req: IncomingMessage, res: ServerResponse, chunks: Buffer[], size: number): Record<string, unknown> | undefined {
    if (size === 0) return {};
    if (!this.isJson(req, res)) return undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        this.fail(res, 400, { code: 'invalid_json', message: 'The JSON body must be an object.' });
        return undefined;
      }
      return parsed as Record<string, unknown>;
    } catch (err) {
      this.fail(res, 400, { code: 'invalid_json', message: `The body is not valid JSON: ${(err as Error).message}` });
      return undefined;
    }
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    res.write('event: ready\ndata: {}\n\n');
    this.streams.add(res);
    const unsubscribe = this.options.events.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    req.socket.setTimeout(0);
    res.once('close', () => {
      unsubscribe();
      this.streams.delete(res);
    });
  }

  private serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return this.fail(res, 405, { code: 'method_not_allowed', message: 'The UI is read-only.' });
    }
    // Unknown paths get the app shell so client-side routes survive a reload.
    const file = this.files.get(pathname) ?? (pathname.includes('.') ? undefined : this.files.get('/index.html'));
    if (!file) {
      if (!this.hasUi) {
        return this.fail(res, 404, {
          code: 'ui_not_built',
          message: 'The inspector UI is not built; run `npm run build` (npm run serve does it for you).',
        });
      }
      return this.fail(res, 404, { code: 'not_found', message: `No file ${pathname}.` });
    }
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Length': file.body.length,
      'Content-Security-Policy': CSP,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }

  private fail(res: ServerResponse, status: number, error: ApiError): void {
    this.json(res, status, { error });
  }
}

/**
 * The request target as a URL on this server. Resolved against a fixed origin, not parsed
 * as a URL of its own: `//x` or an absolute-form target must not change the host, and
 * nothing a client sends may throw here.
 */
function requestUrl(target: string | undefined): URL | null {
  const raw = target ?? '/';
  try {
    return new URL(`http://localhost${raw.startsWith('/') ? raw : `/${raw}`}`);
  } catch {
    return null;
  }
}

function undecodable(field: string): ApiError {
  const message = 'not valid percent-encoding (a "%" must be followed by two hex digits of UTF-8)';
  return { code: 'invalid_input', message: `Invalid input: ${field}: ${message}`, issues: [{ path: field, message }] };
}
