/**
 * A raw HTTP/1.1 client for the receiver fuzzer: writes bytes exactly as given (in the
 * given pieces, a turn apart) and parses every response that comes back, so pipelined
 * requests get one answer each. Never rejects: a reset or a silence is an outcome.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export interface RawExchange {
  responses: RawResponse[];
  /** The server closed the connection (rather than us giving up waiting). */
  closedByServer: boolean;
  ms: number;
}

/** Parses as many complete responses as `buf` holds; returns them and the bytes left over. */
export function parseResponses(buf: Buffer, headMethods: readonly string[]): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const lines = buf.toString('latin1', at, end).split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
    const headers = lines.slice(1).map((l): [string, string] => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    });
    const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1];
    let bodyEnd = end + 4;
    let body: Buffer = Buffer.alloc(0);
    const isHead = headMethods[responses.length] === 'HEAD';
    if (status >= 100 && status < 200) {
      at = bodyEnd; // interim response: the real one follows
      continue;
    }
    if (!isHead && get('transfer-encoding')?.toLowerCase().includes('chunked')) {
      const parts: Buffer[] = [];
      let p = bodyEnd;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', p);
        if (lineEnd === -1) return { responses, rest: buf.subarray(at) };
        const size = parseInt(buf.toString('latin1', p, lineEnd), 16);
        if (size === 0) {
          p = buf.indexOf('\r\n\r\n', lineEnd - 2);
          if (p === -1) return { responses, rest: buf.subarray(at) };
          bodyEnd = p + 4;
          break;
        }
        if (buf.length < lineEnd + 2 + size + 2) return { responses, rest: buf.subarray(at) };
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        p = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else if (!isHead && get('content-length') !== undefined) {
      const n = Number(get('content-length'));
      if (buf.length < bodyEnd + n) break;
      body = buf.subarray(bodyEnd, bodyEnd + n);
      bodyEnd += n;
    }
    responses.push({ status, headers, body });
    at = bodyEnd;
  }
  return { responses, rest: buf.subarray(at) };
}

/**
 * Sends `writes` on a fresh connection to 127.0.0.1:`port` and collects responses until
 * `expected` have arrived, the server closes, or `waitMs` pass without a byte.
 */
export function exchange(port: number, writes: Buffer[], expected: number, methods: readonly string[], waitMs = 5000): Promise<RawExchange> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf: Buffer = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses, closedByServer, ms: performance.now() - started });
    };
    let timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d: Buffer) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), waitMs);
      buf = Buffer.concat([buf, d]);
      const parsed = parseResponses(buf, methods.slice(responses.length));
      responses.push(...parsed.responses);
      buf = parsed.rest;
      if (responses.length >= expected) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.once('connect', () => {
      let i = 0;
      const next = () => {
        if (done || i >= writes.length) return;
        socket.write(writes[i++]!);
        setImmediate(next);
      };
      next();
    });
  });
}
