import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseFramer } from '../../src-main/tunnel-server/response-framing';
import { chunkedBody } from './chunked-body';

/** A response as a receiver might write it, and what the framer must conclude about it. */
const response = fc
  .record({
    method: fc.constantFrom('POST', 'GET', 'HEAD'),
    interim: fc.constantFrom([], ['HTTP/1.1 100 Continue\r\n\r\n'], ['HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n', 'HTTP/1.1 100 Continue\r\n\r\n']),
    status: fc.constantFrom(200, 201, 204, 304, 400, 500),
    version: fc.constantFrom('1.1', '1.0'),
    connection: fc.constantFrom(null, 'close', 'keep-alive', 'Keep-Alive, Foo'),
    body: fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)),
    chunked: fc.boolean(),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
    headers: fc.array(fc.tuple(fc.constantFrom('X-A', 'content-type', 'Set-Cookie'), fc.stringMatching(/^[!-~]{0,20}$/)), { maxLength: 5 }),
  })
  .map((r) => {
    const noBody = r.method === 'HEAD' || r.status === 204 || r.status === 304;
    const headers: [string, string][] = [...r.headers];
    if (r.connection) headers.push(['Connection', r.connection]);
    let encoded: Buffer;
    if (r.chunked) {
      headers.push(['Transfer-Encoding', 'chunked']);
      encoded = chunkedBody(r.body, r.chunkSizes);
    } else {
      headers.push(['Content-Length', String(r.body.length)]);
      encoded = r.body;
    }
    const head = `HTTP/${r.version} ${r.status} X\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    const bytes = Buffer.concat([...r.interim.map((i) => Buffer.from(i)), Buffer.from(head, 'latin1'), noBody ? Buffer.alloc(0) : encoded]);
    const connection = (r.connection ?? '').toLowerCase();
    const keepAlive = r.version === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
    return { method: r.method, bytes, keepAlive };
  });

/** Cuts `bytes` at the given offsets. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('ResponseFramer', () => {
  it('finds the exact end of every response however the stream is split, with the next bytes left over', () => {
    fc.assert(
      fc.property(response, fc.array(fc.nat(), { maxLength: 8 }), fc.uint8Array({ minLength: 1, maxLength: 20 }), (r, cuts, after) => {
        const framer = new ResponseFramer(r.method, 8192);
        const stream = Buffer.concat([r.bytes, Buffer.from(after)]);
        let consumed = 0;
        for (const piece of split(stream, cuts)) {
          if (framer.done) break;
          consumed += framer.push(piece);
        }
        expect(framer.done).toBe(true);
        expect(consumed).toBe(r.bytes.length);
        expect(framer.keepAlive).toBe(r.keepAlive);
      }),
      { numRuns: 500 },
    );
  });

  it('follows what it cannot frame to the close, never reusing that connection', () => {
    const cases: [string, string][] = [
      ['POST', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody until close'],
      ['POST', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello'],
      ['POST', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx'],
      ['POST', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
      ['POST', 'garbage\r\n\r\n'],
      ['GET', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nraw frames'],
    ];
    for (const [method, text] of cases) {
      const framer = new ResponseFramer(method, 8192);
      expect(framer.push(Buffer.from(text))).toBe(text.length);
      expect(framer.done, text).toBe(false);
      expect(framer.keepAlive, text).toBe(false);
    }
  });

  it('a head larger than the limit is followed to the close', () => {
    const framer = new ResponseFramer('POST', 100);
    framer.push(Buffer.from(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(200)}`));
    framer.push(Buffer.from('\r\nContent-Length: 0\r\n\r\n'));
    expect(framer.done).toBe(false);
    expect(framer.keepAlive).toBe(false);
  });
});
