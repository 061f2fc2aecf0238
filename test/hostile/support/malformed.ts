/**
 * A deterministic generator of malformed HTTP/1.1 requests, by family. Each case is the
 * list of writes a client makes (the gaps between them exercise the parser's buffer
 * boundaries); the same seed always yields the same cases, so a failure can be replayed.
 */

export type Family =
  | 'bad-request-line'
  | 'invalid-header-bytes'
  | 'conflicting-framing'
  | 'truncated-chunked'
  | 'huge-headers'
  | 'nul-bytes'
  | 'pipelined-garbage'
  | 'mutated';

export interface MalformedCase {
  family: Family;
  writes: Buffer[];
}

export const FAMILIES: readonly Family[] = [
  'bad-request-line',
  'invalid-header-bytes',
  'conflicting-framing',
  'truncated-chunked',
  'huge-headers',
  'nul-bytes',
  'pipelined-garbage',
  'mutated',
];

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

const b = (s: string) => Buffer.from(s, 'latin1');

export function generateCases(seed: number, count: number): MalformedCase[] {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const valid = (n: number) => {
    const body = JSON.stringify({ type: 'fuzz.valid', n });
    return `POST /fuzz/${n} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  };
  const head = (extra: string, line = 'POST /fuzz HTTP/1.1') => `${line}\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

  const families: Record<Family, () => Buffer[]> = {
    'bad-request-line': () => [
      b(
        pick([
          'GET\r\n\r\n',
          'GET /\r\n\r\n',
          'GET / HTTP/1.1 extra\r\n\r\n',
          'GET / HTTP/9.9\r\nHost: a\r\n\r\n',
          'GET / FTP/1.1\r\n\r\n',
          ' GET / HTTP/1.1\r\n\r\n',
          'G\tET / HTTP/1.1\r\n\r\n',
          'GE(T / HTTP/1.1\r\n\r\n',
          '\r\n\r\n\r\n\r\n',
          'GET  /  HTTP/1.1\r\n\r\n',
          `GET /${'a'.repeat(int(3) === 0 ? 70_000 : 200)} HTTP/1.1\r\n\r\n`,
          'GET http://[::1 HTTP/1.1\r\n\r\n',
          'HTTP/1.1 200 OK\r\n\r\n',
          'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
        ]),
      ),
      ...(int(2) ? [randomBytes(1 + int(200))] : []),
    ],
    'invalid-header-bytes': () => [
      b(
        head(
          pick([
            'X-Bad\x01Name: v\r\n',
            'X-Bad Name: v\r\n',
            'X-Ctl: a\x7fb\r\n',
            'X-Cr: a\rb\r\n',
            'X-Lf: a\nX-Injected: 1\r\n',
            'NoColonHere\r\n',
            ': empty-name\r\n',
            'X-Fold: a\r\n  folded\r\n',
            'Content-Length: 1e3\r\n',
            'Content-Length: -1\r\n',
            'Content-Length: 0x10\r\n',
            'Content-Length: 99999999999999999999999\r\n',
            'Content-Length: 5 5\r\n',
            'Transfer-Encoding: \x00chunked\r\n',
            `X-High: ${'\xff\xfe'.repeat(20)}\r\n`,
          ]),
        ),
      ),
    ],
    'conflicting-framing': () => [
      b(
        head(
          pick([
            'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n',
            'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n',
            'Content-Length: 5\r\nContent-Length: 6\r\n',
            'Content-Length: 5, 6\r\n',
            'Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n',
            'Transfer-Encoding: chunked, gzip\r\n',
            'Transfer-Encoding: xchunked\r\n',
            'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n',
          ]),
          pick(['POST /fuzz HTTP/1.1', 'POST /fuzz HTTP/1.0']),
        ) + pick(['hello', '5\r\nhello\r\n0\r\n\r\n', '0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n']),
      ),
    ],
    'truncated-chunked': () => {
      const h = b(head('Transfer-Encoding: chunked\r\n'));
      const tail = pick([
        'a\r\n0123',
        'zz\r\nhello\r\n',
        '5\r\nhelloXX0\r\n\r\n',
        '-5\r\nhello\r\n0\r\n\r\n',
        `5;${'x'.repeat(int(2) ? 100 : 20_000)}\r\nhello\r\n0\r\n\r\n`,
        'ffffffffffffffffff\r\n',
        '5\r\nhello\r\n',
        '5\r\nhello\r\n0\r\nTrailer-Without-End: 1\r\n',
        '5\r\nhel',
      ]);
      const cut = int(tail.length + 1);
      return int(2) ? [h, b(tail.slice(0, cut)), b(tail.slice(cut))] : [Buffer.concat([h, b(tail)])];
    },
    'huge-headers': () =>
      pick([
        () => [b(head(`X-Huge: ${'h'.repeat(70_000 + int(10_000))}\r\n`))],
        () => [b(head(Array.from({ length: 600 + int(400) }, (_, i) => `X-H${i}: ${i}\r\n`).join('')))],
        () => [b(head(`X-Many: ${'v,'.repeat(30_000)}\r\n`))],
        () => {
          const one = b(head('').replace('\r\n\r\n', '\r\n'));
          return [one, ...Array.from({ length: 20 }, () => b(`X-Drip: ${'d'.repeat(4000)}\r\n`))];
        },
      ])(),
    'nul-bytes': () => {
      const base = valid(int(1000));
      const at = int(base.length);
      return [b(base.slice(0, at) + '\x00'.repeat(1 + int(4)) + base.slice(at))];
    },
    'pipelined-garbage': () => {
      const n = 1 + int(4);
      const good = Array.from({ length: n }, (_, i) => valid(10_000 + i)).join('');
      return [b(good), int(2) ? randomBytes(1 + int(300)) : b(pick(['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost\r\n\r\n', '\x00\x00\x00']))];
    },
    mutated: () => {
      const base = Buffer.from(valid(int(1000)));
      const m = pick(['flip', 'truncate', 'duplicate', 'swap-crlf']);
      if (m === 'flip') {
        for (let i = 0, n = 1 + int(5); i < n; i++) base[int(base.length)] = int(256);
        return [base];
      }
      if (m === 'truncate') return [base.subarray(0, int(base.length))];
      if (m === 'duplicate') {
        const a = int(base.length);
        const z = a + int(base.length - a);
        return [Buffer.concat([base.subarray(0, z), base.subarray(a, z), base.subarray(z)])];
      }
      return [Buffer.from(base.toString('latin1').replace(/\r\n/g, () => pick(['\n', '\r', '\r\n', '\n\r'])), 'latin1')];
    },
  };
  return Array.from({ length: count }, (_, i) => {
    const family = FAMILIES[i % FAMILIES.length]!;
    return { family, writes: families[family]() };
  });
}
