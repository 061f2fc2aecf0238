import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FramingError, RequestFramer, type FramedPiece } from '../../src-main/tunnel-server/request-framing';
import { chunkedBody } from './chunked-body';

const LIMITS = { maxHeadBytes: 8 * 1024, maxBodyBytes: 64 * 1024 };

/** Header names in any case, duplicated, in any order; Host somewhere among them. */
const headerName = fc.constantFrom('X-Sig', 'x-sig', 'X-SIG', 'Accept', 'user-agent', 'X-Dup', 'x-dup', 'Content-Type');
const headerValue = fc.stringMatching(/^[ -~]{0,30}$/).map((v) => v.trim());
const body = fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b));

const request = fc
  .record({
    method: fc.constantFrom('POST', 'PUT', 'GET', 'PATCH'),
    path: fc.stringMatching(/^\/[a-zA-Z0-9/?=&%._-]{0,30}$/),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
    hostAt: fc.nat(),
    hostCase: fc.constantFrom('Host', 'host', 'HOST'),
    body,
    chunked: fc.boolean(),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 5 }),
  })
  .map((r) => {
    const headers: [string, string][] = [...r.headers];
    headers.splice(r.hostAt % (headers.length + 1), 0, [r.hostCase, 'abc1234.localhost:80']);
    let encoded: Buffer;
    if (r.chunked) {
      headers.push(['Transfer-Encoding', 'chunked']);
      encoded = chunkedBody(r.body, r.chunkSizes, ';ext=1');
    } else {
      headers.push(['content-LENGTH', String(r.body.length)]);
      encoded = r.body;
    }
    const head = `${r.method} ${r.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), encoded]);
  });

function frameAll(input: Buffer, cuts: number[]): FramedPiece[] {
  const framer = new RequestFramer(LIMITS);
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const out: FramedPiece[] = [];
  let from = 0;
  for (const p of [...points, input.length]) {
    out.push(...framer.push(input.subarray(from, p)));
    from = p;
  }
  return out;
}

describe('RequestFramer', () => {
  it('passes every byte through unchanged and finds each request of a keep-alive connection, however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (requests, cuts) => {
        const input = Buffer.concat(requests);
        const pieces = frameAll(input, cuts);
        expect(Buffer.concat(pieces.map((p) => p.bytes)).equals(input)).toBe(true);
        expect(pieces.filter((p) => p.type === 'head')).toHaveLength(requests.length);
        expect(pieces.filter((p) => p.type === 'body' && p.end)).toHaveLength(requests.length);
        for (const p of pieces) if (p.type === 'head') expect(p.head.host).toBe('abc1234.localhost:80');
      }),
      { numRuns: 300 },
    );
  });

  const refused: [string, string, number][] = [
    ['no Host', 'POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n', 400],
    ['two Hosts', 'POST / HTTP/1.1\r\nHost: a.localhost\r\nhost: b.localhost\r\n\r\n', 400],
    ['Transfer-Encoding and Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
    ['two different Content-Lengths', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', 400],
    ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n', 400],
    ['Transfer-Encoding not ending in chunked', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 400],
    ['whitespace before the colon', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 3\r\n\r\n', 400],
    ['a folded header', 'POST / HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n', 400],
    ['a body over the limit', `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${LIMITS.maxBodyBytes + 1}\r\n\r\n`, 413],
    ['a head over the limit', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(LIMITS.maxHeadBytes)}\r\n\r\n`, 431],
    ['a head over the limit without its end', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(LIMITS.maxHeadBytes)}`, 431],
    ['a bad chunk size', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
    ['a chunk without its CRLF', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY', 400],
    ['a chunked body over the limit', `POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${(LIMITS.maxBodyBytes + 1).toString(16)}\r\n`, 413],
  ];
  it.each(refused)('refuses %s', (_name, raw, status) => {
    const framer = new RequestFramer(LIMITS);
    let error: unknown;
    try {
      framer.push(Buffer.from(raw, 'latin1'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FramingError);
    expect((error as FramingError).status).toBe(status);
  });

  it('passes everything after an upgrade head through as raw bytes', () => {
    const head = 'GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
    const after = Buffer.from([0x81, 0x05, 0x00, 0xff, 0x0d, 0x0a, 0x0d]);
    const pieces = frameAll(Buffer.concat([Buffer.from(head), after, Buffer.from('POST / HTTP/1.1\r\n')]), [3, 70]);
    expect(pieces.filter((p) => p.type === 'head')).toHaveLength(1);
  });
});
