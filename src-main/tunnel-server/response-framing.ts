/**
 * Finds where the response to one forwarded request ends, so the tunnel socket can serve the
 * next request (of any public connection) instead of staying with one connection for its life.
 * It only watches the bytes going past: the response is forwarded unchanged and as it arrives.
 * What it cannot frame (a malformed head, a body that runs until the connection closes, an
 * upgrade) it follows to the close, and the socket is not reused.
 */

import { chunkSize, FramingFields, type FramingState } from './message-framing';

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const MAX_LINE = 4096;

type State =
  | FramingState
  /** Until the connection closes: a body without framing, an upgrade, or something unreadable. */
  | { kind: 'to-close' }
  | { kind: 'done' };

export class ResponseFramer {
  private state: State = { kind: 'head' };
  private pending: Buffer = Buffer.alloc(0);
  /** HTTP/1.1 without `Connection: close`: the receiver keeps the connection for another request. */
  keepAlive = false;
  /** A `101 Switching Protocols`: the connection is a raw stream from here on. */
  upgraded = false;
  /** Any byte of the response seen (after which no answer of the server's own can be sent). */
  started = false;

  constructor(
    private readonly requestMethod: string,
    private readonly maxHeadBytes: number,
  ) {}

  /** The response is complete: the next bytes on the socket would not belong to it. */
  get done(): boolean {
    return this.state.kind === 'done';
  }

  /** Follows `chunk`; returns how many of its bytes belong to this response (the rest, if any, come after it). */
  push(chunk: Buffer): number {
    if (chunk.length > 0) this.started = true;
    let used = 0;
    while (used < chunk.length && this.state.kind !== 'done') {
      used += this.step(chunk.subarray(used));
    }
    return used;
  }

  /** Consumes a prefix of `data` (always at least one byte unless done). */
  private step(data: Buffer): number {
    const s = this.state;
    switch (s.kind) {
      case 'done':
        return 0;
      case 'to-close':
        return data.length;
      case 'head': {
        const before = this.pending.length;
        const all = Buffer.concat([this.pending, data]);
        // The CRLF CRLF may straddle the previous chunk: search from just before its end.
        const end = all.indexOf(CRLF_CRLF, Math.max(0, before - 3));
        if (end === -1) {
          this.pending = all;
          if (all.length > this.maxHeadBytes) this.toClose();
          return data.length;
        }
        this.pending = Buffer.alloc(0);
        this.afterHead(all.subarray(0, end + 4).toString('latin1'));
        return end + 4 - before;
      }
      case 'length': {
        const n = Math.min(s.remaining, data.length);
        this.state = n === s.remaining ? { kind: 'done' } : { kind: 'length', remaining: s.remaining - n };
        return n;
      }
      case 'chunk-size':
      case 'trailer': {
        const before = this.pending.length;
        const all = Buffer.concat([this.pending, data]);
        const eol = all.indexOf('\r\n', Math.max(0, before - 1));
        if (eol === -1) {
          this.pending = all;
          if (all.length > MAX_LINE) this.toClose();
          return data.length;
        }
        this.pending = Buffer.alloc(0);
        const line = all.subarray(0, eol).toString('latin1');
        const used = eol + 2 - before;
        if (s.kind === 'trailer') {
          if (line === '') this.state = { kind: 'done' };
          return used;
        }
        const n = chunkSize(line);
        if (n === null) {
          this.toClose();
          return used;
        }
        this.state = n === 0 ? { kind: 'trailer' } : { kind: 'chunk-data', remaining: n };
        return used;
      }
      case 'chunk-data': {
        const n = Math.min(s.remaining, data.length);
        this.state = n === s.remaining ? { kind: 'chunk-crlf', remaining: 2 } : { kind: 'chunk-data', remaining: s.remaining - n };
        return n;
      }
      case 'chunk-crlf': {
        const n = Math.min(s.remaining, data.length);
        const expected = Buffer.from('\r\n').subarray(2 - s.remaining, 2 - s.remaining + n);
        if (!data.subarray(0, n).equals(expected)) {
          this.toClose();
          return n;
        }
        this.state = n === s.remaining ? { kind: 'chunk-size' } : { kind: 'chunk-crlf', remaining: s.remaining - n };
        return n;
      }
    }
  }

  /** RFC 9112 §6.3, in its order: what follows a response head. */
  private afterHead(head: string): void {
    const lines = head.slice(0, -4).split('\r\n');
    const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? '');
    if (!status) return this.toClose();
    const code = Number(status[2]);
    const fields = new FramingFields();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) return this.toClose();
      fields.add(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    if (code === 101) {
      this.upgraded = true;
      return this.toClose();
    }
    // 100 Continue, 103 Early Hints: the final response follows.
    if (code < 200) return void (this.state = { kind: 'head' });
    const close = fields.connection.has('close');
    this.keepAlive = status[1] === '1' ? !close : fields.connection.has('keep-alive') && !close;
    if (this.requestMethod === 'HEAD' || code === 204 || code === 304) return void (this.state = { kind: 'done' });
    const framing = fields.body();
    if (framing.kind === 'chunked') return void (this.state = { kind: 'chunk-size' });
    if (framing.kind === 'length') return void (this.state = framing.bytes === 0 ? { kind: 'done' } : { kind: 'length', remaining: framing.bytes });
    // No framing (a body that runs until close), or an ambiguous one.
    this.toClose();
  }

  private toClose(): void {
    this.state = { kind: 'to-close' };
    this.pending = Buffer.alloc(0);
    this.keepAlive = false;
  }
}
