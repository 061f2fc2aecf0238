/**
 * Finds where each HTTP/1.x request of a connection begins and ends, without rebuilding it: the
 * tunnel server forwards the original bytes, so header order, case, duplicates and the body reach
 * Hookbay exactly as the sender wrote them. It reads only what routing and framing need (Host,
 * Content-Length, Transfer-Encoding, Upgrade) and refuses the ambiguous framings that request
 * smuggling relies on, because the receiver behind the tunnel might read them differently.
 */

import { chunkSize, FramingFields, type FramingState, type BodyFraming } from './message-framing';

/** A request the server will not forward, with the status to answer it with. */
export class FramingError extends Error {
  /** What `push` framed in the same call before this error: the requests before the bad one. */
  framed: FramedPiece[] = [];

  constructor(
    readonly status: 400 | 413 | 431,
    message: string,
  ) {
    super(message);
    this.name = 'FramingError';
  }
}

export interface RequestHead {
  method: string;
  target: string;
  /** The one Host header's value as sent. */
  host: string;
  /** Body bytes to expect, or `chunked`. */
  body: number | 'chunked';
  /** `Connection: upgrade` + `Upgrade`: after the head, the connection is a raw byte stream. */
  upgrade: boolean;
  /** The sender keeps the connection for another request (HTTP/1.1 without `Connection: close`). */
  keepAlive: boolean;
  /** `Expect: 100-continue`: the sender may wait for a 100 before it sends the body. */
  expectContinue: boolean;
}

export interface FramingLimits {
  maxHeadBytes: number;
  maxBodyBytes: number;
}

/** What `push` found, in stream order; the `bytes` of all pieces concatenated are the input. */
export type FramedPiece = { type: 'head'; head: RequestHead; bytes: Buffer } | { type: 'body'; bytes: Buffer; end: boolean };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CRLF_CRLF = Buffer.from('\r\n\r\n');
const MAX_CHUNK_LINE = 4096;

const AMBIGUOUS = {
  both: 'The request has both Transfer-Encoding and Content-Length.',
  'not-chunked': 'Transfer-Encoding must end in "chunked".',
  'bad-length': 'Content-Length is not one whole number.',
} satisfies Record<(BodyFraming & { kind: 'ambiguous' })['why'], string>;

/** Parses a complete request head (ending in CRLF CRLF). */
export function parseHead(bytes: Buffer): RequestHead {
  const lines = bytes.toString('latin1').slice(0, -4).split('\r\n');
  const requestLine = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? '');
  if (!requestLine) throw new FramingError(400, 'The request line is not "METHOD target HTTP/1.x".');
  const hosts: string[] = [];
  const fields = new FramingFields();
  let hasUpgrade = false;
  let expectContinue = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    // No whitespace before the colon and no obs-fold: both are read differently by different parsers.
    if (!TOKEN.test(name)) throw new FramingError(400, `Malformed header line "${line.slice(0, 40)}".`);
    const value = line.slice(colon + 1).trim();
    if (/[\r\n\0]/.test(value)) throw new FramingError(400, `The ${name} header holds a control character.`);
    if (fields.add(name, value)) continue;
    switch (name.toLowerCase()) {
      case 'host':
        hosts.push(value);
        break;
      case 'upgrade':
        hasUpgrade = true;
        break;
      case 'expect':
        expectContinue ||= value.toLowerCase() === '100-continue';
        break;
    }
  }
  if (hosts.length !== 1) throw new FramingError(400, hosts.length === 0 ? 'The request has no Host header.' : 'The request has more than one Host header.');
  const framing = fields.body();
  if (framing.kind === 'ambiguous') throw new FramingError(400, AMBIGUOUS[framing.why]);
  const body = framing.kind === 'chunked' ? 'chunked' : framing.kind === 'length' ? framing.bytes : 0;
  const keepAlive = !fields.connection.has('close') && (requestLine[3] === '1' || fields.connection.has('keep-alive'));
  return { method: requestLine[1]!, target: requestLine[2]!, host: hosts[0]!, body, upgrade: fields.connection.has('upgrade') && hasUpgrade, keepAlive, expectContinue };
}

type State =
  | FramingState
  | { kind: 'raw' };

/** Incremental: feed chunks as they arrive; a request split anywhere frames the same. */
export class RequestFramer {
  private state: State = { kind: 'head' };
  private pending: Buffer = Buffer.alloc(0);
  private bodyBytes = 0;

  constructor(private readonly limits: FramingLimits) {}

  /** Between requests (nothing of the next one seen yet), so the connection may end cleanly. */
  get idle(): boolean {
    return this.state.kind === 'head' && this.pending.length === 0;
  }

  push(chunk: Buffer): FramedPiece[] {
    const out: FramedPiece[] = [];
    let data: Buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    try {
      while (data.length > 0) {
        const used = this.step(data, out);
        if (used === 0) {
          this.pending = data;
          break;
        }
        data = data.subarray(used);
      }
    } catch (err) {
      if (err instanceof FramingError) err.framed = out;
      throw err;
    }
    return out;
  }

  /** Consumes a prefix of `data` (0: needs more bytes) and records what it was. */
  private step(data: Buffer, out: FramedPiece[]): number {
    const s = this.state;
    switch (s.kind) {
      case 'raw':
        out.push({ type: 'body', bytes: data, end: false });
        return data.length;
      case 'head': {
        const end = data.indexOf(CRLF_CRLF);
        const tooLarge = () => new FramingError(431, `The request head is larger than ${this.limits.maxHeadBytes} bytes.`);
        if (end === -1) {
          if (data.length > this.limits.maxHeadBytes) throw tooLarge();
          return 0;
        }
        if (end + 4 > this.limits.maxHeadBytes) throw tooLarge();
        const bytes = data.subarray(0, end + 4);
        const head = parseHead(bytes);
        if (typeof head.body === 'number' && head.body > this.limits.maxBodyBytes) {
          throw new FramingError(413, `The body (${head.body} bytes) is larger than this server forwards (${this.limits.maxBodyBytes}).`);
        }
        out.push({ type: 'head', head, bytes });
        this.bodyBytes = 0;
        if (head.upgrade) this.state = { kind: 'raw' };
        else if (head.body === 'chunked') this.state = { kind: 'chunk-size' };
        else if (head.body > 0) this.state = { kind: 'length', remaining: head.body };
        else out.push({ type: 'body', bytes: Buffer.alloc(0), end: true });
        return bytes.length;
      }
      case 'length': {
        const n = Math.min(s.remaining, data.length);
        const end = n === s.remaining;
        out.push({ type: 'body', bytes: data.subarray(0, n), end });
        this.state = end ? { kind: 'head' } : { kind: 'length', remaining: s.remaining - n };
        return n;
      }
      case 'chunk-size':
      case 'trailer': {
        const eol = data.indexOf('\r\n');
        if (eol === -1) {
          if (data.length > MAX_CHUNK_LINE) throw new FramingError(400, 'A chunk-size or trailer line is too long.');
          return 0;
        }
        const line = data.subarray(0, eol).toString('latin1');
        const bytes = data.subarray(0, eol + 2);
        if (s.kind === 'trailer') {
          const last = line === '';
          out.push({ type: 'body', bytes, end: last });
          if (last) this.state = { kind: 'head' };
          return bytes.length;
        }
        const n = chunkSize(line);
        if (n === null) throw new FramingError(400, 'Malformed chunk size.');
        this.countBody(n);
        out.push({ type: 'body', bytes, end: false });
        this.state = n === 0 ? { kind: 'trailer' } : { kind: 'chunk-data', remaining: n };
        return bytes.length;
      }
      case 'chunk-data': {
        const n = Math.min(s.remaining, data.length);
        out.push({ type: 'body', bytes: data.subarray(0, n), end: false });
        this.state = n === s.remaining ? { kind: 'chunk-crlf', remaining: 2 } : { kind: 'chunk-data', remaining: s.remaining - n };
        return n;
      }
      case 'chunk-crlf': {
        const expected = Buffer.from('\r\n').subarray(2 - s.remaining);
        const n = Math.min(s.remaining, data.length);
        if (!data.subarray(0, n).equals(expected.subarray(0, n))) throw new FramingError(400, 'A chunk is not followed by CRLF.');
        out.push({ type: 'body', bytes: data.subarray(0, n), end: false });
        this.state = n === s.remaining ? { kind: 'chunk-size' } : { kind: 'chunk-crlf', remaining: s.remaining - n };
        return n;
      }
    }
  }

  private countBody(n: number): void {
    this.bodyBytes += n;
    if (this.bodyBytes > this.limits.maxBodyBytes) {
      throw new FramingError(413, `The chunked body is larger than this server forwards (${this.limits.maxBodyBytes} bytes).`);
    }
  }
}
