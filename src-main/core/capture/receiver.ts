import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HeaderPairs } from '../../contract/common';
import { isSendableResponseHeader } from '../../contract/fields';
import type { Via } from '../../contract/requests';
import type { EndpointRecord, EndpointStore } from '../store/endpoint-store';
import type { CapturedRequest, StoredRequest } from '../store/rows';
import type { CaptureWriter } from './capture-writer';
import { closeAfterDrain } from '../http/close-after-drain';
import { EAGER_PARSE_BYTES, MAX_PARSE_BYTES, derive } from './derive';
import { slugOf, splitTarget } from '../endpoints/route';
import { pairsFromRaw } from '../http/headers';
import { DEFAULT_LIMITS, type ReceiverLimits } from './limits';


export interface ResponseSpec {
  status: number;
  headers: HeaderPairs;
  body: Buffer | string;
  delayMs?: number;
}

/**
 * Answers a request before capture and returns true when it did. The tunnel uses it for its
 * health probe, which must reach the receiver through the public URL without being stored.
 */
export type Intercept = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Decides what the sender hears after its request is stored (the relay adds a waiting mode). */
export type Responder = (stored: StoredRequest, endpoint: EndpointRecord) => ResponseSpec | Promise<ResponseSpec>;

export const respondFromConfig: Responder = (_stored, endpoint) => ({
  status: endpoint.response.status,
  // The contract refuses these now; a configuration saved earlier must not break every answer.
  headers: endpoint.response.headers.filter(isSendableResponseHeader),
  body: endpoint.response.body,
  delayMs: endpoint.response.delayMs,
});

export interface ReceiverOptions {
  /** What the sender hears once its request is stored; default: the endpoint's configured response. */
  responder?: Responder;
  /** A capture could not be stored (disk full, read-only, I/O error); its sender got 503. */
  onStorageError?: (err: Error) => void;
}

/** Malformed requests are stored too, but a flood of them must not fill the disk. */
class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The public-facing HTTP receiver: any method, any path. It answers only after the
 * request is committed, so a 2xx always means "stored".
 */
export class Receiver {
  private readonly servers: http.Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly malformedBudget = new TokenBucket(20, 100);
  /** What each connection still owes its client; see `onClientError`. */
  private readonly connections = new WeakMap<Socket, ConnectionState>();
  private readonly responder: Responder;
  private readonly onStorageError: (err: Error) => void;

  constructor(
    private readonly endpoints: EndpointStore,
    private readonly writer: Pick<CaptureWriter, 'write'>,
    readonly limits: ReceiverLimits = DEFAULT_LIMITS,
    options: ReceiverOptions = {},
  ) {
    this.responder = options.responder ?? respondFromConfig;
    this.onStorageError = options.onStorageError ?? (() => {});
  }

  /** Starts a listener; requests arriving on it are marked with `via`. */
  async listen(port: number, host: string, via: Via = 'direct', intercept?: Intercept): Promise<number> {
    const server = http.createServer(
      {
        maxHeaderSize: this.limits.maxHeaderBytes,
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: this.limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, this.limits.headersTimeoutMs),
        requireHostHeader: false,
        keepAliveTimeout: 5000,
      },
      (req, res) => {
        if (intercept?.(req, res)) return;
        this.handle(req, res, via);
      },
    );
    server.maxHeadersCount = this.limits.maxHeadersCount;
    server.on('clientError', (err, socket) => this.onClientError(err as NodeJS.ErrnoException & { rawPacket?: Buffer }, socket as Socket));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  /** Closes the one listener on `port` (the tunnel's ingress) and every connection it has. */
  async closeListener(port: number): Promise<void> {
    const server = this.servers.find((s) => (s.address() as AddressInfo | null)?.port === port);
    if (!server) return;
    this.servers.splice(this.servers.indexOf(server), 1);
    const connections = [...this.sockets].filter((s) => s.localPort === port);
    const closed = connections.map((s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.once('close', () => resolve()))));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of connections) s.destroy();
    });
    await Promise.all(closed);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeIdleConnections();
          }),
      ),
    );
    for (const s of this.sockets) s.destroy();
    this.servers.length = 0;
  }

  private connectionState(socket: Socket): ConnectionState {
    let state = this.connections.get(socket);
    if (!state) {
      state = { unanswered: 0, receiving: null, heldError: null, failed: false };
      this.connections.set(socket, state);
    }
    return state;
  }

  private handle(req: IncomingMessage, res: ServerResponse, via: Via): void {
    const receivedAt = Date.now();
    const conn = this.connectionState(req.socket);
    conn.unanswered++;
    res.once('close', () => {
      conn.unanswered--;
      if (conn.unanswered === 0 && conn.heldError) {
        const send = conn.heldError;
        conn.heldError = null;
        send();
      }
    });
    const { path, query } = splitTarget(req.url ?? '/');
    const endpoint = this.endpoints.forSlug(slugOf(path));
    const headers = pairsFromRaw(req.rawHeaders);
    const limit = this.limits.bodyLimit;
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;

    const capture = (opts: { truncated: boolean; error: string | null; status?: number }) => {
      if (done) return;
      done = true;
      if (conn.receiving?.fail === failReceiving) conn.receiving = null;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const tooMany = req.rawHeaders.length / 2 >= this.limits.maxHeadersCount;
      const derived = derive(headers, body, eagerParseLimit(endpoint));
      const record: CapturedRequest = {
        endpointId: endpoint.id,
        method: req.method ?? '',
        path,
        query,
        headers,
        body,
        size: Math.max(received, Number.isFinite(declared) ? declared : 0),
        truncated: opts.truncated || tooMany,
        remoteAddress: req.socket.remoteAddress ?? null,
        receivedAt,
        via,
        ...derived,
        error: opts.error ?? (tooMany ? `More than ${this.limits.maxHeadersCount} headers; the rest were dropped.` : null),
        replayOf: null,
        verification: null,
      };
      const status = opts.status ?? (tooMany ? 431 : undefined);
      this.writer.write(record, endpoint).then(
        (stored) => {
          if (res.destroyed) return;
          if (status !== undefined) return this.sendError(res, status, opts.error ?? record.error ?? '', stored.id);
          this.respond(res, stored, endpoint).catch(() => {
            if (!res.headersSent) this.sendError(res, 500, 'Hookbay could not send the configured response.', stored.id);
            else res.destroy();
          });
        },
        (err: Error) => {
          this.onStorageError(err);
          if (!res.destroyed) {
            this.sendError(
              res,
              503,
              `Hookbay could not store this request (${storageCode(err)}); retry later.`,
              null,
              [['Retry-After', '5']],
            );
          }
        },
      );
    };

    // The parser may reject this request's own body (bad chunk) or time it out: store what
    // arrived and answer the error in this request's turn (see onClientError).
    const failReceiving = (status: number, message: string) =>
      capture({ truncated: true, error: `${message} after ${received} body bytes.`, status });
    conn.receiving = { req, fail: failReceiving };

    if (Number.isFinite(declared) && declared > limit) {
      // Don't read a body we will refuse; store the headers and answer at once.
      capture({ truncated: true, error: `Body of ${declared} bytes exceeds the ${limit}-byte limit.`, status: 413 });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      if (received + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - received));
        received += chunk.length;
        capture({ truncated: true, error: `Body exceeds the ${limit}-byte limit.`, status: 413 });
        return;
      }
      received += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => capture({ truncated: false, error: null }));
    req.on('aborted', () =>
      capture({ truncated: true, error: `The client disconnected after sending ${received} body bytes.` }),
    );
    req.on('error', () => {
      /* 'aborted' records it; errors here are socket-level and already handled */
    });
  }

  private async respond(res: ServerResponse, stored: StoredRequest, endpoint: EndpointRecord): Promise<void> {
    let spec: ResponseSpec;
    try {
      spec = await this.responder(stored, endpoint);
    } catch {
      spec = await respondFromConfig(stored, endpoint);
    }
    if (spec.delayMs) await new Promise((r) => setTimeout(r, spec.delayMs));
    if (res.destroyed) return;
    const headers: string[] = [];
    for (const [k, v] of spec.headers) headers.push(k, v);
    headers.push('X-Hookbay-Request-Id', String(stored.id));
    const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : spec.body;
    headers.push('Content-Length', String(body.length));
    try {
      res.writeHead(spec.status, headers);
      res.end(body);
    } catch {
      // A misconfigured header (validated on save, but never trust) must not hang the sender.
      if (!res.headersSent) this.sendError(res, 500, 'Hookbay could not send the configured response.', stored.id);
    }
  }

  private sendError(
    res: ServerResponse,
    status: number,
    message: string,
    id: number | null,
    extra: HeaderPairs = [],
  ): void {
    const body = JSON.stringify({ error: STATUS_CODES[status] ?? 'Error', message });
    const headers: string[] = ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(body))];
    if (id !== null) headers.push('X-Hookbay-Request-Id', String(id));
    // Slow or broken clients are cut off; too-large ones are drained first so they can read why.
    const cut = status === 400 || status === 408;
    if (cut) headers.push('Connection', 'close');
    for (const [k, v] of extra) headers.push(k, v);
    res.writeHead(status, headers);
    res.end(body);
    if (cut) res.once('finish', () => res.socket?.destroySoon());
    else if (status === 413 || status === 431) closeAfterDrain(res.req, res);
  }

  /**
   * Requests Node's parser rejects: answer cleanly, store the raw bytes, never crash.
   * Responses on a connection go out in request order, so the error must not overtake
   * requests already received: a pipelining sender whose valid requests were followed by
   * garbage would otherwise read the 400 as the answer to its first (stored!) request.
   */
  private onClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message = status === 408 ? 'The request took too long to arrive.' : `Malformed HTTP request (${err.code ?? 'parse error'}).`;
    const conn = this.connectionState(socket);
    if (conn.failed) return;
    // `complete` turns true as the parser finishes a message, before its 'end' event runs.
    if (conn.receiving && !conn.receiving.req.complete) {
      // The error is in the body of the request being received: it is stored truncated and
      // answered with this status in its turn.
      const { fail } = conn.receiving;
      conn.receiving = null;
      conn.failed = true;
      fail(status, message.replace(/\.$/, ''));
      return;
    }
    if (conn.unanswered > 0) {
      conn.failed = true;
      conn.heldError = () => this.answerMalformed(err, socket, status, message);
      return;
    }
    conn.failed = true;
    this.answerMalformed(err, socket, status, message);
  }

  private answerMalformed(
    err: NodeJS.ErrnoException & { rawPacket?: Buffer },
    socket: Socket,
    status: number,
    message: string,
  ): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (err.rawPacket && err.rawPacket.length > 0 && this.malformedBudget.take()) {
      const endpoint = this.endpoints.defaultEndpoint;
      const body = Buffer.from(err.rawPacket.subarray(0, 64 * 1024));
      void this.writer
        .write(
          {
            endpointId: endpoint.id,
            method: '',
            path: '',
            query: '',
            headers: [],
            body,
            size: err.rawPacket.length,
            truncated: err.rawPacket.length > body.length,
            remoteAddress: socket.remoteAddress ?? null,
            receivedAt: Date.now(),
            via: 'direct',
            contentType: null,
            eventType: null,
            eventId: null,
            error: `${message.replace(/\.$/, '')}: ${err.message}`,
            replayOf: null,
            verification: null,
          },
          endpoint,
        )
        .catch((e: Error) => this.onStorageError(e));
    }
    const body = JSON.stringify({ error: STATUS_CODES[status], message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
}

interface ConnectionState {
  /** Requests handed to `handle` whose response has not closed yet. */
  unanswered: number;
  /** The request whose body is still arriving, if any, and how to fail it. */
  receiving: { req: IncomingMessage; fail: (status: number, message: string) => void } | null;
  /** An error response waiting for the earlier responses to go out. */
  heldError: (() => void) | null;
  /** The connection already had its parse error; later ones are echoes of it. */
  failed: boolean;
}

function storageCode(err: Error): string {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'SQLITE_READONLY' || code?.startsWith('SQLITE_READONLY')) return 'the database is read-only';
  if (code?.startsWith('SQLITE_IOERR')) return 'a disk I/O error';
  return code ?? 'storage error';
}

/** Routing by event type needs the type before the outbox is written; otherwise defer big parses. */
function eagerParseLimit(endpoint: EndpointRecord): number {
  return endpoint.forward.some((t) => t.rules?.eventTypes?.length) ? MAX_PARSE_BYTES : EAGER_PARSE_BYTES;
}
