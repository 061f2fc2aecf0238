import crypto from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../../support/raw-http';
import { startTestApp, type TestApp } from '../../support/app';

let t: TestApp;
let port: number;

beforeEach(async () => {
  t = await startTestApp({ bodyLimitBytes: 1024 * 1024 });
  port = t.app.receiverPort;
});
afterEach(async () => {
  await t.stop();
});

/** Sends a request with Node's client and returns status, response headers and body. */
function send(
  opts: { method?: string; path?: string; headers?: Record<string, string> | string[]; body?: Buffer | string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function stored(id: number) {
  return t.api.getRequest({ id });
}

function idOf(res: { headers: http.IncomingHttpHeaders }): number {
  return Number(res.headers['x-hookbay-request-id']);
}

describe('receiver: byte-exact capture', () => {
  it('stores binary bodies, raw query and headers exactly as received', async () => {
    const body = crypto.randomBytes(4096);
    const res = await send({
      method: 'PUT',
      path: '/default/a%20b/c?x=1&x=2&empty=&%E2%9C%93',
      headers: ['Content-Type', 'application/octet-stream', 'X-Dup', 'one', 'x-dup', 'two', 'X-CamelCase', 'Yes'],
      body,
    });
    expect(res.status).toBe(200);
    const r = await stored(idOf(res));
    expect(Buffer.from(r.bodyBase64, 'base64').equals(body)).toBe(true);
    expect(r.method).toBe('PUT');
    expect(r.path).toBe('/default/a%20b/c');
    expect(r.query).toBe('x=1&x=2&empty=&%E2%9C%93');
    expect(r.headers.filter(([k]) => k.toLowerCase() === 'x-dup')).toEqual([
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
    ]);
    expect(r.headers).toContainEqual(['X-CamelCase', 'Yes']);
    expect(r.size).toBe(4096);
    expect(r.truncated).toBe(false);
    expect(r.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it('keeps gzip bodies compressed and still derives the event from them', async () => {
    const json = JSON.stringify({ type: 'invoice.paid', id: 'evt_gz' });
    const gz = zlib.gzipSync(json);
    const res = await send({ headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gz });
    const r = await stored(idOf(res));
    expect(Buffer.from(r.bodyBase64, 'base64').equals(gz)).toBe(true);
    expect(r.eventType).toBe('invoice.paid');
    expect(r.eventId).toBe('evt_gz');
  });

  it('keeps invalid UTF-8 and unicode bytes untouched', async () => {
    const body = Buffer.concat([Buffer.from('{"t":"héllo ✓ 😀"}'), Buffer.from([0xff, 0xfe, 0xc3])]);
    const res = await send({ headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });
    const r = await stored(idOf(res));
    expect(Buffer.from(r.bodyBase64, 'base64').equals(body)).toBe(true);
  });

  it('stores multi-megabyte bodies whole', async () => {
    const body = crypto.randomBytes(900 * 1024);
    const res = await send({ body });
    const r = await stored(idOf(res));
    expect(crypto.createHash('sha256').update(Buffer.from(r.bodyBase64, 'base64')).digest('hex')).toBe(
      crypto.createHash('sha256').update(body).digest('hex'),
    );
  });

  it('accepts odd methods and raw header case over a raw socket', async () => {
    for (const method of ['PROPFIND', 'PURGE', 'OPTIONS', 'PATCH', 'MKCOL']) {
      const res = await rawRequest(
        port,
        `${method} /hooks/odd HTTP/1.1\r\nHost: x\r\nx-lower: 1\r\nX-UPPER: 2\r\nContent-Length: 2\r\n\r\nhi`,
      );
      expect(res.status).toBe(200);
      const id = Number(/x-hookbay-request-id: (\d+)/i.exec(res.head)![1]);
      const r = await stored(id);
      expect(r.method).toBe(method);
      expect(r.headers.slice(1, 3)).toEqual([
        ['x-lower', '1'],
        ['X-UPPER', '2'],
      ]);
      expect(Buffer.from(r.bodyBase64, 'base64').toString()).toBe('hi');
    }
  });

  it('stores requests without a Host header (HTTP/1.0 senders)', async () => {
    const res = await rawRequest(port, 'POST /x HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc');
    expect(res.status).toBe(200);
  });
});

describe('receiver: endpoints and responses', () => {
  it('routes by slug and answers with the endpoint response', async () => {
    const ep = await t.api.createEndpoint({
      name: 'Stripe',
      slug: 'stripe',
      response: { status: 202, headers: [['X-Custom', 'yes']], body: 'accepted', delayMs: 0 },
    });
    const res = await send({ path: '/stripe/webhooks?a=1', body: '{}' });
    expect(res.status).toBe(202);
    expect(res.headers['x-custom']).toBe('yes');
    expect(res.body).toBe('accepted');
    const r = await stored(idOf(res));
    expect(r.endpointId).toBe(ep.id);
    expect(r.endpointSlug).toBe('stripe');

    const other = await send({ path: '/unknown/path', body: '{}' });
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toEqual({ ok: true });
    expect((await stored(idOf(other))).endpointSlug).toBe('default');
  });

  it('applies the configured response delay', async () => {
    await t.api.createEndpoint({ name: 'Slow', slug: 'slow', response: { delayMs: 300 } });
    const started = Date.now();
    await send({ path: '/slow', body: 'x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('flags duplicates by event id within an endpoint', async () => {
    const first = await send({ headers: { 'Content-Type': 'application/json' }, body: '{"id":"evt_same","type":"a"}' });
    const second = await send({ headers: { 'Content-Type': 'application/json' }, body: '{"id":"evt_same","type":"a"}' });
    expect((await stored(idOf(first))).duplicateOf).toBeNull();
    expect((await stored(idOf(second))).duplicateOf).toBe(idOf(first));
  });

  it('derives the event of large bodies in the background, and at once when routing needs it', async () => {
    const big = JSON.stringify({ id: 'evt_big', data: { blob: 'z'.repeat(200 * 1024) }, type: 'big.event' });
    const updated: number[] = [];
    t.app.events.subscribe((e) => {
      if (e.type === 'request.updated') updated.push(e.request.id);
    });
    const res = await send({ headers: { 'Content-Type': 'application/json' }, body: big });
    const id = idOf(res);
    expect((await stored(id)).eventType).toBeNull();
    t.app.search.catchUp();
    expect(await stored(id)).toMatchObject({ eventType: 'big.event', eventId: 'evt_big' });
    expect(updated).toContain(id);

    await t.api.createEndpoint({
      name: 'Routed',
      slug: 'routed',
      forward: [{ url: 'http://127.0.0.1:9/', rules: { eventTypes: ['big.event'] } }],
    });
    const routed = await send({ path: '/routed', headers: { 'Content-Type': 'application/json' }, body: big });
    expect((await stored(idOf(routed))).eventType).toBe('big.event');
  });

  it('derives event type and id from provider headers', async () => {
    const res = await send({
      headers: { 'X-GitHub-Event': 'pull_request', 'X-GitHub-Delivery': 'd-123', 'Content-Type': 'application/json' },
      body: '{"action":"opened"}',
    });
    const r = await stored(idOf(res));
    expect(r.eventType).toBe('pull_request');
    expect(r.eventId).toBe('d-123');
  });
});

describe('receiver: bad input is answered cleanly and still recorded', () => {
  it('answers 413 for bodies over the limit and stores them truncated with headers', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const res = await send({ headers: { 'X-Trace': 'big' }, body });
    expect(res.status).toBe(413);
    const r = await stored(idOf(res));
    expect(r.truncated).toBe(true);
    expect(r.size).toBe(body.length);
    expect(r.headers).toContainEqual(['X-Trace', 'big']);
    expect(r.error).toMatch(/exceeds/);
  });

  it('answers 413 for chunked bodies that grow past the limit, keeping the first bytes', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x62);
    const res = await new Promise<{ status: number; id: number }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (r) => {
        r.resume();
        resolve({ status: r.statusCode!, id: Number(r.headers['x-hookbay-request-id']) });
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write(chunk);
      req.end();
    });
    expect(res.status).toBe(413);
    const r = await stored(res.id);
    expect(r.truncated).toBe(true);
    expect(Buffer.from(r.bodyBase64, 'base64').length).toBe(1024 * 1024);
  });

  it('records malformed HTTP as a capture with its raw bytes and answers 400', async () => {
    const res = await rawRequest(port, 'GARBAGE\x01 / HTTP/1.1\r\n\r\n');
    expect(res.status).toBe(400);
    await new Promise((r) => setTimeout(r, 50));
    const page = await t.api.listRequests({ limit: 10 });
    const bad = page.items.find((i) => i.error !== null);
    expect(bad?.error).toMatch(/Malformed HTTP request/);
    const detail = await stored(bad!.id);
    expect(Buffer.from(detail.bodyBase64, 'base64').toString('latin1')).toContain('GARBAGE');
  });

  it('refuses conflicting Content-Length and Transfer-Encoding', async () => {
    const res = await rawRequest(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(res.status).toBe(400);
  });

  it('answers 431 to absurd header counts and keeps what it read', async () => {
    let head = 'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n';
    for (let i = 0; i < 600; i++) head += `X-H${i}: ${i}\r\n`;
    const res = await rawRequest(port, head + '\r\n');
    expect(res.status).toBe(431);
    const id = Number(/x-hookbay-request-id: (\d+)/i.exec(res.head)![1]);
    const r = await stored(id);
    expect(r.truncated).toBe(true);
    expect(r.error).toMatch(/More than 500 headers/);
  });

  it('keeps serving after a flood of garbage', async () => {
    await Promise.all(Array.from({ length: 50 }, () => rawRequest(port, '\x00\x01\x02 nonsense\r\n\r\n').catch(() => null)));
    const ok = await send({ body: 'still alive' });
    expect(ok.status).toBe(200);
  });
});
