import type { Socket } from 'node:net';
import type { Access } from './access';
import { answerApi } from './api';
import type { TunnelServerConfig } from './config';
import { normalizeAddress, type HostedTunnel } from './hosted-tunnel';
import type { Registry } from './registry';
import { FramingError, RequestFramer, type FramedPiece, type RequestHead } from './request-framing';
import { errorResponse } from './responses';
import { ResponseFramer } from './response-framing';

/** Where a Host header points: the API, a tunnel, or nowhere on this server. */
export function route(host: string, domain: string): { kind: 'api' } | { kind: 'tunnel'; id: string } | { kind: 'unknown' } {
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (name === domain) return { kind: 'api' };
  if (name.endsWith(`.${domain}`)) {
    const id = name.slice(0, -domain.length - 1);
    if (id.length > 0 && !id.includes('.')) return { kind: 'tunnel', id };
  }
  return { kind: 'unknown' };
}

/** One request of the connection, from its head to the end of its response. */
interface Exchange {
  tunnel: HostedTunnel;
  head: RequestHead;
  /** Bytes read but not yet written down a tunnel socket. */
  buffered: Buffer[];
  bufferedBytes: number;
  /** The whole request has been read from the sender. */
  requestRead: boolean;
  socket: Socket | null;
  response: ResponseFramer | null;
}

type Piece = FramedPiece | { type: 'error'; error: unknown };

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/**
 * One public connection. It holds a tunnel socket only for one request/response exchange: the
 * request is read (a small body whole, a large one up to `bufferBodyBytes`) before a socket is
 * taken, the socket goes back to the tunnel when the response is complete, and the next request
 * on a kept-alive connection takes one again. Slow senders are bounded by the head, request and
 * keep-alive timeouts, so a crowd of idle or trickling connections cannot hold a tunnel's few
 * sockets away from real webhooks.
 */
export class PublicConnection {
  private readonly framer: RequestFramer;
  /** Framed but not handled yet: the rest of the current request, or pipelined ones after it. */
  private readonly pieces: Piece[] = [];
  private state: 'idle' | 'reading' | 'waiting' | 'forwarding' | 'done' = 'idle';
  private exchange: Exchange | null = null;
  private requestStartedAt = Date.now();
  private readTimer: NodeJS.Timeout | null = null;
  private exchangeTimer: NodeJS.Timeout | null = null;
  private senderEnded = false;
  /** Kept alive after a response: the next byte starts the next request's clock. */
  private awaitingFirstByte = false;
  private tunnelBackpressure = false;
  /** Aborted when the connection ends while it waits, so it leaves the tunnel's queue at once. */
  private wait: AbortController | null = null;
  /** The sender's address (the TCP peer's, as for the per-address connection limit): its share of a tunnel's sockets is counted by it. */
  private readonly address: string;

  constructor(
    private readonly socket: Socket,
    private readonly config: TunnelServerConfig,
    private readonly registry: Registry,
    private readonly access: Access,
  ) {
    this.address = normalizeAddress(socket.remoteAddress);
    this.framer = new RequestFramer({ maxHeadBytes: config.maxHeadBytes, maxBodyBytes: config.maxBodyBytes });
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
    // A fresh connection gets as long for its first head as any request does.
    this.armReadTimer(config.headersTimeoutMs, () => this.timedOut('head'));
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.state === 'done') return;
    if (this.awaitingFirstByte) {
      this.awaitingFirstByte = false;
      this.requestStarts();
    }
    try {
      for (const piece of this.framer.push(chunk)) this.pieces.push(piece);
    } catch (error) {
      // The requests framed before the bad one are still served; the bad one is answered after them.
      if (error instanceof FramingError) this.pieces.push(...error.framed);
      this.pieces.push({ type: 'error', error });
    }
    this.pump();
  };

  private readonly onEnd = (): void => {
    this.senderEnded = true;
    const ex = this.exchange;
    if (!ex) {
      // Between requests (or inside a head): nothing to forward.
      if (this.pieces.length === 0) this.close();
      return;
    }
    if (ex.requestRead) return; // Half-closed after a whole request: the answer still goes back.
    if (this.state === 'reading') this.takeSocket(); // Forward what came, then the end: Hookbay stores it truncated.
    else if (this.state === 'forwarding' && this.pieces.length === 0) ex.socket!.end();
  };

  /** The first byte of a request after an idle keep-alive: from now, its head and whole have their time. */
  private requestStarts(): void {
    this.requestStartedAt = Date.now();
    this.armReadTimer(this.config.headersTimeoutMs, () => this.timedOut('head'));
  }

  /** Handles framed pieces in order, as far as the current state allows. */
  private pump(): void {
    while (this.pieces.length > 0 && this.state !== 'done') {
      const piece = this.pieces[0]!;
      if (this.state === 'waiting') break;
      if (this.state === 'forwarding' && this.exchange!.requestRead) break; // pipelined: after this response
      if (this.tunnelBackpressure) break;
      this.pieces.shift();
      if (piece.type === 'error') return this.refuse(piece.error);
      if (piece.type === 'head') {
        if (!this.startRequest(piece.head, piece.bytes)) return;
        continue;
      }
      const ex = this.exchange!;
      if (piece.end) {
        ex.requestRead = true;
        this.clearReadTimer();
        if (ex.socket) ex.tunnel.requestComplete(ex.socket);
      }
      if (this.state === 'reading') {
        if (piece.bytes.length > 0) {
          ex.buffered.push(piece.bytes);
          ex.bufferedBytes += piece.bytes.length;
        }
        if (ex.requestRead || ex.bufferedBytes >= this.config.bufferBodyBytes) this.takeSocket();
      } else {
        this.writeToTunnel(piece.bytes);
      }
    }
    if (this.state === 'forwarding' && this.senderEnded && !this.exchange!.requestRead && this.pieces.length === 0) this.exchange!.socket!.end();
    this.updateFlow();
  }

  /**
   * Reads from the sender until a piece is left unhandled (memory stays bounded: one read).
   * It keeps reading while waiting for a socket or an answer, so a sender that resets its
   * connection is noticed and leaves the tunnel's queue at once.
   */
  private updateFlow(): void {
    if (this.state === 'done') return;
    const read = this.pieces.length === 0 && !this.tunnelBackpressure;
    if (read) this.socket.resume();
    else this.socket.pause();
  }

  /** A complete head: route it. False when the connection is finished with (answered or handed on). */
  private startRequest(head: RequestHead, bytes: Buffer): boolean {
    const target = route(head.host, this.config.domain);
    if (target.kind === 'api') {
      this.state = 'done';
      this.clearTimersAndWait();
      this.socket.removeListener('data', this.onData);
      this.socket.removeListener('end', this.onEnd);
      this.socket.resume();
      this.armReadTimer(this.config.requestTimeoutMs, () => this.socket.destroy());
      // answerApi answers every failure itself; this catch is the last resort, never a crash.
      answerApi(this.socket, head, bytes, this.registry, this.access).catch(() => this.socket.destroy());
      return false;
    }
    const tunnel = target.kind === 'tunnel' ? this.registry.tunnels.get(target.id) : undefined;
    if (!tunnel) {
      this.reply(404, `No tunnel is open at ${head.host}.`);
      return false;
    }
    this.exchange = { tunnel, head, buffered: [bytes], bufferedBytes: 0, requestRead: false, socket: null, response: null };
    this.state = 'reading';
    this.armReadTimer(Math.max(0, this.requestStartedAt + this.config.requestTimeoutMs - Date.now()), () => this.timedOut('request'));
    // The body is read before a tunnel socket is taken, so the receiver cannot say "continue"
    // in time: this server does (a sender may get a second 100 from the receiver; clients
    // must accept any number of 1xx responses, RFC 9110 §15.2).
    if (head.expectContinue && head.body !== 0 && !head.upgrade) this.socket.write(CONTINUE);
    // An upgrade's "body" is a raw stream: nothing to wait for, and no end to time.
    if (head.upgrade) {
      this.clearReadTimer();
      this.takeSocket();
    }
    return true;
  }

  private takeSocket(): void {
    const ex = this.exchange!;
    this.state = 'waiting';
    const wait = (this.wait = new AbortController());
    ex.tunnel.take(this.config.socketWaitMs, { address: this.address, streaming: !ex.requestRead }, wait.signal).then(
      (taken) => {
        if (this.wait === wait) this.wait = null;
        if ('socket' in taken) {
          if (this.exchange !== ex || this.state !== 'waiting') return ex.tunnel.giveBack(taken.socket);
          return this.startForwarding(taken.socket);
        }
        if (this.exchange !== ex || this.state !== 'waiting') return;
        if (taken.refused === 'busy') {
          this.reply(503, `The tunnel ${ex.tunnel.id} is busy: ${this.config.maxWaitingPerTunnel} requests already wait for a connection to its client; try again shortly.`);
        } else if (taken.refused === 'timeout' && this.registry.tunnels.get(ex.tunnel.id) === ex.tunnel) {
          this.reply(504, `The tunnel ${ex.tunnel.id} had no free connection to its client within ${this.config.socketWaitMs / 1000} s; try again.`);
        } else if (taken.refused === 'share') {
          this.reply(429, `Requests from your address already stream on ${ex.tunnel.share} of the tunnel ${ex.tunnel.id}'s connections to its client, its share, and none of them finished within ${this.config.socketWaitMs / 1000} s; try again.`);
        } else this.reply(502, `The tunnel ${ex.tunnel.id} closed.`);
      },
      () => this.destroy(),
    );
  }

  private startForwarding(t: Socket): void {
    const ex = this.exchange!;
    ex.socket = t;
    ex.response = new ResponseFramer(ex.head.method, this.config.maxHeadBytes);
    this.state = 'forwarding';
    t.on('data', this.onTunnelData);
    t.on('close', this.onTunnelClose);
    t.on('error', this.onTunnelError);
    t.on('drain', this.onTunnelDrain);
    t.resume();
    this.armExchangeTimer();
    for (const bytes of ex.buffered.splice(0)) this.writeToTunnel(bytes);
    this.pump();
  }

  private writeToTunnel(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.exchangeTimer?.refresh();
    if (!this.exchange!.socket!.write(bytes)) this.tunnelBackpressure = true;
  }

  private readonly onTunnelDrain = (): void => {
    this.tunnelBackpressure = false;
    this.pump();
  };

  private readonly onTunnelError = (): void => {
    this.exchange?.socket?.destroy();
  };

  private readonly onTunnelData = (chunk: Buffer): void => {
    const ex = this.exchange;
    if (!ex?.response || !ex.socket) return;
    this.exchangeTimer?.refresh();
    const used = ex.response.push(chunk);
    if (used > 0 && !this.socket.write(used === chunk.length ? chunk : chunk.subarray(0, used))) {
      ex.socket.pause();
      this.socket.once('drain', this.resumeTunnel);
    }
    if (ex.response.done) this.responseComplete(used < chunk.length);
  };

  private readonly resumeTunnel = (): void => {
    this.exchange?.socket?.resume();
  };

  /** The tunnel socket closed under an exchange: the response ends here, or there was none. */
  private readonly onTunnelClose = (): void => {
    const ex = this.exchange;
    if (!ex || this.state !== 'forwarding') return;
    this.detachTunnel(ex.socket!);
    if (ex.response!.started) {
      // A body that runs until close, or an upgraded stream, ends normally this way.
      if (ex.response!.upgraded || !ex.response!.keepAlive) this.end();
      else this.destroy();
    } else this.reply(502, `The client of tunnel ${ex.tunnel.id} closed the connection without answering.`);
  };

  /** The response is complete: the tunnel socket goes back (or is closed), and the connection reads its next request. */
  private responseComplete(trailingBytes: boolean): void {
    const ex = this.exchange!;
    const t = ex.socket!;
    this.detachTunnel(t);
    const keepAlive = ex.response!.keepAlive && ex.head.keepAlive && ex.requestRead && !ex.head.upgrade && !trailingBytes;
    if (keepAlive) ex.tunnel.giveBack(t, true);
    else t.destroy();
    this.exchange = null;
    this.clearTimersAndWait();
    if (!keepAlive || this.senderEnded) {
      // The receiver said close (or answered before the whole request came): so does this connection.
      return this.end();
    }
    this.state = 'idle';
    if (this.pieces.length > 0 || !this.framer.idle) this.requestStarts();
    else {
      this.awaitingFirstByte = true;
      this.armReadTimer(this.config.keepAliveTimeoutMs, () => this.close());
    }
    this.pump();
  }

  private detachTunnel(t: Socket): void {
    t.off('data', this.onTunnelData);
    t.off('close', this.onTunnelClose);
    t.off('error', this.onTunnelError);
    t.off('drain', this.onTunnelDrain);
    this.socket.off('drain', this.resumeTunnel);
    this.tunnelBackpressure = false;
    t.resume();
  }

  private timedOut(what: 'head' | 'request'): void {
    // Nothing of a request came at all: just close.
    if (this.exchange === null && this.pieces.length === 0 && this.framer.idle) return this.close();
    const message =
      what === 'head'
        ? `The request head did not arrive within ${this.config.headersTimeoutMs / 1000} s.`
        : `The request did not arrive within ${this.config.requestTimeoutMs / 1000} s.`;
    const ex = this.exchange;
    if (ex?.socket) {
      // Part of it went down the tunnel already: that exchange cannot be finished or reused.
      const started = ex.response?.started ?? false;
      ex.socket.destroy();
      if (started) return this.destroy();
    }
    this.reply(408, message);
  }

  /** A request this server will not forward: answered here when no byte of it went down a tunnel. */
  private refuse(error: unknown): void {
    if (this.state === 'forwarding') return this.destroy();
    if (error instanceof FramingError) this.reply(error.status, error.message);
    else this.reply(400, 'The request could not be read.');
  }

  private reply(status: number, message: string): void {
    const ex = this.exchange;
    if (ex?.socket) {
      this.detachTunnel(ex.socket);
      ex.socket.destroy();
    }
    this.end(errorResponse(status, message));
  }

  /** Ends the connection politely (no request under way). */
  private close(): void {
    this.end();
  }

  /** Our side is finished: what the sender still writes is read and dropped, and a sender that never closes is cut off. */
  private end(last?: Buffer): void {
    this.state = 'done';
    this.clearTimersAndWait();
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    if (last) this.socket.end(last);
    else this.socket.end();
    this.socket.resume();
    this.armReadTimer(this.config.keepAliveTimeoutMs, () => this.socket.destroy());
  }

  /** Tears everything down: the sender left, or an exchange cannot be finished. */
  private destroy(): void {
    const ex = this.exchange;
    if (this.state === 'forwarding' && ex?.socket) {
      this.detachTunnel(ex.socket);
      ex.socket.destroy();
    }
    // While waiting, the socket taken later goes back (see takeSocket).
    this.state = 'done';
    this.exchange = null;
    this.clearTimersAndWait();
    this.socket.destroy();
  }

  private armReadTimer(ms: number, onTimeout: () => void): void {
    if (this.readTimer) clearTimeout(this.readTimer);
    this.readTimer = setTimeout(onTimeout, ms);
  }

  private clearReadTimer(): void {
    if (this.readTimer) clearTimeout(this.readTimer);
    this.readTimer = null;
  }

  /** While forwarding: no byte either way for `idleTimeoutMs` ends the exchange. */
  private armExchangeTimer(): void {
    if (this.exchangeTimer) clearTimeout(this.exchangeTimer);
    this.exchangeTimer = setTimeout(() => {
      const ex = this.exchange;
      if (ex?.response && !ex.response.started) {
        this.reply(504, `The client of tunnel ${ex.tunnel.id} did not answer within ${this.config.idleTimeoutMs / 1000} s.`);
      } else this.destroy();
    }, this.config.idleTimeoutMs);
  }

  private clearTimersAndWait(): void {
    this.wait?.abort();
    this.wait = null;
    this.clearReadTimer();
    if (this.exchangeTimer) clearTimeout(this.exchangeTimer);
    this.exchangeTimer = null;
  }
}
