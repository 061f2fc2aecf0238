/**
 * Raw requests for the receiver fuzzer, built as bytes: request targets of every form
 * (origin, absolute, authority, asterisk, junk bytes, %-encodings), methods, header sets
 * (duplicates, huge, many, stuffed signature headers), content encodings, body bombs,
 * chunked framing, pipelining and arbitrary write boundaries.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import fc from 'fast-check';

export type TargetForm = 'origin' | 'absolute' | 'authority' | 'asterisk' | 'junk';

export interface RawRequest {
  method: string;
  form: TargetForm;
  target: string;
  headers: [string, string][];
  /** The body as the receiver should store it (chunked framing is undone by the parser). */
  body: Buffer;
  framing: 'length' | 'chunked';
  /** Built to be valid HTTP/1.1 (so an acknowledgement must mean it was stored as sent). */
  clean: boolean;
}

export interface ReceiverCase {
  requests: RawRequest[];
  /** Where the bytes are cut into separate writes (fractions of the total). */
  cuts: number[];
  /** Bytes after the last request (garbage the parser meets next). */
  trailer: string;
}

const SLUGS = ['', 'default', 'stripe', 'github', 'waiter', 'no-such-endpoint'];
const METHODS = ['POST', 'POST', 'POST', 'PUT', 'PATCH', 'GET', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'QUERY', 'SEARCH'];
const ODD_METHODS = ['post', 'CONNECT', 'PRI', 'FOO', 'G3T', 'M-SEARCH', 'X'.repeat(300), ''];
const PATH_TAILS = ['', '/', '/x', '/a/b/c', '/%ZZ', '/%', '/%00', '/%2F..%2F', '/%C0%AF', '/\u00fc', '/..', '//double', '/;p=1', '/*', '/%E2%82'];
const QUERIES = ['', '?', '?a=1&a=2', '?%ZZ=%', '?q=%00', '?x=' + 'q'.repeat(3000), '?a=1#frag', '?=&&=', '?u=\u00ff'];

const hex = (n: number) => crypto.randomBytes(n).toString('hex');

let bombs: Record<string, Buffer> | null = null;
/** 64 MiB of zeros, compressed (~64 KiB gzip): a body that inflates a thousandfold. */
function bomb(enc: 'gzip' | 'deflate' | 'br'): Buffer {
  bombs ??= (() => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    return {
      gzip: zlib.gzipSync(zeros, { level: 9 }),
      deflate: zlib.deflateSync(zeros, { level: 9 }),
      br: zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
    };
  })();
  return bombs[enc]!;
}

const targetArb: fc.Arbitrary<{ form: TargetForm; target: string; clean: boolean }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(fc.constantFrom(...SLUGS), fc.constantFrom(...PATH_TAILS), fc.constantFrom(...QUERIES)).map(([slug, tail, q]) => ({
      form: 'origin' as const,
      target: `/${slug}${slug ? tail : tail.replace(/^\//, '')}${q}`.replace(/^\/\//, '/'),
      clean: true,
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('http://example.com', 'HTTP://EXAMPLE.COM:80', 'https://127.0.0.1', 'http://[::1]:1', 'http://a@b'), fc.constantFrom(...SLUGS), fc.constantFrom(...PATH_TAILS))
      .map(([base, slug, tail]) => ({ form: 'absolute' as const, target: `${base}/${slug}${tail}`, clean: true })),
  },
  { weight: 1, arbitrary: fc.constantFrom('example.com:443', '127.0.0.1:80', '[::1]:8080').map((t) => ({ form: 'authority' as const, target: t, clean: true })) },
  { weight: 1, arbitrary: fc.constant({ form: 'asterisk' as const, target: '*', clean: true }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => ({
      form: 'junk' as const,
      target: Buffer.from(s, 'utf8').toString('latin1'),
      clean: false,
    })),
  },
);

/** A body and the Content-Encoding it claims (which may be a lie). */
const bodyArb: fc.Arbitrary<{ body: Buffer; encoding: string | null; contentType: string | null }> = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((b) => ({ body: Buffer.from(b), encoding: null, contentType: 'application/octet-stream' })) },
  {
    weight: 6,
    arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: Buffer.from(JSON.stringify({ type: 'fuzz.event', id: `evt_${hex(4)}`, data: v })), encoding: null, contentType: 'application/json' })),
  },
  { weight: 1, arbitrary: fc.constantFrom('a=1&b=2', 'a=%ZZ&&=', `${'k=v&'.repeat(5000)}`).map((s) => ({ body: Buffer.from(s), encoding: null, contentType: 'application/x-www-form-urlencoded' })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('gzip', 'deflate', 'br'), fc.jsonValue({ maxDepth: 3 })).map(([enc, v]) => {
      const raw = Buffer.from(JSON.stringify({ type: 'fuzz.zipped', v }));
      const body = enc === 'gzip' ? zlib.gzipSync(raw) : enc === 'deflate' ? zlib.deflateSync(raw) : zlib.brotliCompressSync(raw);
      return { body, encoding: enc, contentType: 'application/json' };
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom<'gzip' | 'deflate' | 'br'>('gzip', 'deflate', 'br').map((enc) => ({ body: bomb(enc), encoding: enc, contentType: 'application/json' })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('gzip', 'br', 'deflate', 'gzip, gzip', 'x-gzip', 'compress', 'identity', 'bogus'), fc.uint8Array({ maxLength: 500 })).map(([enc, b]) => ({
      body: Buffer.from(b),
      encoding: enc,
      contentType: 'application/json',
    })),
  },
  // Over the 10 MiB body limit: 413 and stored truncated.
  { weight: 1, arbitrary: fc.integer({ min: 9, max: 12 }).map((mb) => ({ body: Buffer.alloc(mb * 1024 * 1024, 0x61), encoding: null, contentType: 'text/plain' })) },
);

/** Signature headers as providers send them, sometimes stuffed with candidates. */
const signatureArb: fc.Arbitrary<[string, string][]> = fc.oneof(
  fc.constant<[string, string][]>([]),
  fc.integer({ min: 1, max: 2000 }).map((n): [string, string][] => [['Stripe-Signature', `t=${Math.floor(Date.now() / 1000)},${Array.from({ length: n }, () => `v1=${hex(32)}`).join(',')}`]]),
  fc.integer({ min: 1, max: 40 }).map((n): [string, string][] => Array.from({ length: n }, () => ['X-Hub-Signature-256', `sha256=${hex(32)}`])),
  fc.constantFrom<[string, string][]>(
    [['Stripe-Signature', '']],
    [['Stripe-Signature', 't=,v1=']],
    [['Stripe-Signature', 't=1,v1=zz,v0=,=,,,']],
    [['X-Hub-Signature-256', 'sha256=']],
    [['webhook-signature', 'v1,' + 'A'.repeat(5000)], ['webhook-id', 'msg_1'], ['webhook-timestamp', '1']],
  ),
);

/** Headers besides framing: Host (present, missing, doubled), extras (huge, many, duplicated). */
const extraHeadersArb: fc.Arbitrary<{ headers: [string, string][]; clean: boolean }> = fc
  .tuple(
    fc.constantFrom<[string, string][]>([['Host', '127.0.0.1']], [['host', 'example.com']], [], [['Host', 'a'], ['Host', 'b']], [['Host', '']]),
    signatureArb,
    fc.oneof(
      { weight: 5, arbitrary: fc.constant<[string, string][]>([]) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 70_000 }).map((n): [string, string][] => [['X-Huge', 'h'.repeat(n)]]) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 700 }).map((n) => Array.from({ length: n }, (_, i): [string, string] => [`X-Many-${i}`, String(i)])) },
      { weight: 1, arbitrary: fc.integer({ min: 2, max: 50 }).map((n) => Array.from({ length: n }, (): [string, string] => ['X-Dup', 'same'])) },
      { weight: 1, arbitrary: fc.constantFrom<[string, string][]>([['Content-Type', 'a'], ['Content-Type', 'b']], [['X-Event-Type', '\u00ff\u00fe']], [['Connection', 'close']], [['Expect', '100-continue']]) },
    ),
    fc.oneof(
      { weight: 12, arbitrary: fc.constant<[string, string][]>([]) },
      // Not valid HTTP: the parser must refuse it (400), the receiver must survive it.
      { weight: 1, arbitrary: fc.constantFrom<[string, string][]>([['Bad Name', 'v']], [['X-Ctl', 'a\x01b']], [['X-Nul', 'a\x00b']], [['', 'empty']]) },
    ),
  )
  .map(([host, sig, extra, bad]) => ({ headers: [...host, ...sig, ...extra, ...bad], clean: bad.length === 0 }));

export const rawRequestArb: fc.Arbitrary<RawRequest> = fc
  .record({
    method: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) }),
    target: targetArb,
    body: bodyArb,
    extra: extraHeadersArb,
    framing: fc.constantFrom<'length' | 'chunked'>('length', 'length', 'chunked'),
  })
  .map(({ method, target, body, extra, framing }) => {
    const headers: [string, string][] = [...extra.headers];
    if (body.contentType) headers.push(['Content-Type', body.contentType]);
    if (body.encoding) headers.push(['Content-Encoding', body.encoding]);
    headers.push(framing === 'chunked' ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(body.body.length)]);
    return {
      method,
      form: target.form,
      target: target.target,
      headers,
      body: body.body,
      framing,
      clean: target.clean && extra.clean && METHODS.includes(method) && ![...target.target].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f),
    };
  });

/**
 * The expensive combination an attacker picks on purpose: a verifying endpoint, a body of
 * megabytes and a signature header stuffed with candidates (each one an HMAC of the body).
 */
export const stuffedSignatureArb: fc.Arbitrary<RawRequest> = fc
  .tuple(fc.integer({ min: 50, max: 1000 }), fc.integer({ min: 1, max: 10 }))
  .map(([n, mb]) => {
    const body = Buffer.alloc(mb * 1024 * 1024 - 1024, 0x7b);
    const sig = `t=${Math.floor(Date.now() / 1000)},${Array.from({ length: n }, () => `v1=${hex(32)}`).join(',')}`;
    return {
      method: 'POST',
      form: 'origin' as const,
      target: '/stripe',
      headers: [['Host', '127.0.0.1'], ['Stripe-Signature', sig], ['Content-Type', 'application/json'], ['Content-Length', String(body.length)]],
      body,
      framing: 'length' as const,
      clean: true,
    };
  });

export const receiverCaseArb: fc.Arbitrary<ReceiverCase> = fc.record({
  requests: fc.oneof(
    { weight: 20, arbitrary: fc.array(rawRequestArb, { minLength: 1, maxLength: 1 }) },
    { weight: 5, arbitrary: fc.array(rawRequestArb, { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(stuffedSignatureArb, { minLength: 1, maxLength: 1 }) },
  ),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  trailer: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('GARBAGE\r\n\r\n', '\x00\x00', 'GET / HTTP/1.1\r\nHost\r\n\r\n') }),
});

/** The request as bytes on the wire. */
export function serialize(r: RawRequest): Buffer {
  const head = Buffer.from(`${r.method} ${r.target} HTTP/1.1\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1');
  if (r.framing === 'length') return Buffer.concat([head, r.body]);
  // Chunks of varying sizes, then the last chunk.
  const parts: Buffer[] = [head];
  for (let at = 0, n = 1; at < r.body.length; at += n, n = n * 3 + 1) {
    const chunk = r.body.subarray(at, at + n);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, 'latin1'), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** Everything the case sends, cut into writes at its cut points. */
export function writesOf(c: ReceiverCase): Buffer[] {
  const all = Buffer.concat([...c.requests.map(serialize), Buffer.from(c.trailer, 'latin1')]);
  const cuts = [...new Set(c.cuts.map((f) => Math.floor(f * all.length)))].sort((a, b) => a - b);
  const writes: Buffer[] = [];
  let from = 0;
  for (const at of [...cuts, all.length]) {
    if (at > from) writes.push(all.subarray(from, at));
    from = Math.max(from, at);
  }
  return writes;
}

/** A one-line description of a case, for findings (bodies and long headers summarized). */
export function describeCase(c: ReceiverCase): string {
  return c.requests
    .map((r) => {
      const hs = r.headers.map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 40)}…(${v.length} chars)` : v}`);
      const shown = hs.length > 12 ? [...hs.slice(0, 10), `…(${hs.length} headers)`] : hs;
      return `${r.method} ${JSON.stringify(r.target)} [${r.form}] {${shown.join('; ')}} body ${r.body.length} B ${r.framing}`;
    })
    .join(' | ') + (c.trailer ? ` + trailer ${JSON.stringify(c.trailer)}` : '');
}
