import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hookbay } from '../../../src-main/core/hookbay';
import { HOP_HEADER, isOwnReceiver, MAX_HOPS } from '../../../src-main/core/relay/loop-guard';
import { apiOf, createEndpoint, startApp, stopApp, until } from '../../support/relay-app';
import { header, send, startTarget, type TargetServer } from '../../support/target-server';

// Issue 11: an endpoint that forwards to itself turned one webhook into 5,940 in 12 s.

let app: Hookbay | null = null;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await stopApp(app);
  app = null;
  for (const c of closers.splice(0)) await c();
});

/** A reverse proxy in front of the receiver: a loop Hookbay cannot see at save time (like the tunnel). */
async function proxyTo(receiverUrl: string): Promise<string> {
  const upstream = new URL(receiverUrl);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      out.on('error', () => res.writeHead(502).end());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('forwarding loops', () => {
  it('stops a loop through another host after MAX_HOPS forwards, recording the refusal as a `loop` attempt', async () => {
    app = await startApp();
    const proxy = await proxyTo(app.receiverUrl);
    createEndpoint(app, { name: 'loop', slug: 'loop', forward: [{ url: `${proxy}/loop` }] });
    const res = await send(`${app.receiverUrl}/loop`, { body: '{"type":"ping"}' });
    expect(res.status).toBe(200);
    const a = app;
    const refused = await until(
      () => a.requests.list({}, 100).find((r) => a.relay.deliveriesOf(r.id).some((d) => d.attempts[0]?.errorClass === 'loop')),
      10_000,
      'a refused forward',
    );
    // Let anything still looping show itself before counting.
    await new Promise((r) => setTimeout(r, 500));
    const captured = a.requests.list({}, 1000);
    expect(captured.length).toBe(MAX_HOPS + 1);
    const [delivery] = a.relay.deliveriesOf(refused.id);
    expect(delivery!.state).toBe('failed');
    expect(delivery!.attempts).toHaveLength(1);
    expect(delivery!.attempts[0]!.error).toMatch(/Hookbay-Hops/);
  });

  it('an endpoint that forwards to itself (saved before the check existed) makes at most MAX_HOPS + 1 captures', async () => {
    app = await startApp();
    // Straight into the store, as a database from an older version would hold it.
    createEndpoint(app, { name: 'self', slug: 'self', forward: [{ url: `${app.receiverUrl}/self` }] });
    expect((await send(`${app.receiverUrl}/self`, { body: '{"type":"ping"}' })).status).toBe(200);
    const a = app;
    await until(() => a.requests.list({}, 100).length >= MAX_HOPS + 1, 10_000, 'the loop to run');
    await new Promise((r) => setTimeout(r, 500));
    expect(a.requests.list({}, 1000)).toHaveLength(MAX_HOPS + 1);
  });

  it('adds a hop header one above what the request arrived with', async () => {
    const target: TargetServer = await startTarget();
    closers.push(() => target.close());
    app = await startApp();
    createEndpoint(app, { name: 'fwd', slug: 'fwd', forward: [{ url: target.url }] });
    await send(`${app.receiverUrl}/fwd`, { body: 'x', headers: [[HOP_HEADER, '2']] });
    await send(`${app.receiverUrl}/fwd`, { body: 'y' });
    await target.waitFor(2);
    const hops = target.received.map((r) => r.headers.filter(([k]) => k.toLowerCase() === 'hookbay-hops').map(([, v]) => v));
    expect(hops.sort()).toEqual([['1'], ['3']]);
    expect(header(target.received[0]!.headers, HOP_HEADER)).toBeDefined();
  });

  it("refuses to save a target that is Hookbay's own receiver, naming the field", async () => {
    app = await startApp();
    const api = apiOf(app);
    const port = app.receiverPort;
    for (const url of [`http://127.0.0.1:${port}/x`, `http://localhost:${port}`, `http://[::1]:${port}/a?b=1`]) {
      const err = (await api.createEndpoint({ name: 'self', slug: 'self', forward: [{ url }] }).catch((e: unknown) => e)) as {
        code: string;
        issues?: { path: string }[];
      };
      expect(err.code, url).toBe('invalid_input');
      expect(err.issues?.map((i) => i.path)).toEqual(['forward.0.url']);
    }
    const ep = await api.createEndpoint({ name: 'ok', slug: 'ok', forward: [{ url: `http://127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}/` }] });
    const err = (await api
      .updateEndpoint({ id: ep.id, forward: [{ url: 'http://127.0.0.1:9/' }, { url: `http://127.0.0.2:${port}/` }] })
      .catch((e: unknown) => e)) as { issues?: { path: string }[] };
    expect(err.issues?.map((i) => i.path)).toEqual(['forward.1.url']);
  });

  it('recognises every loopback spelling of the receiver, and nothing on another port', () => {
    const receiver = { host: '127.0.0.1', port: 8787, publicBaseUrl: 'https://abc.loca.lt' };
    const loopbackHost = fc.oneof(
      fc.constantFrom('localhost', 'LOCALHOST', 'localhost.', 'app.localhost', '[::1]', '0.0.0.0', '[::ffff:127.0.0.1]', '2130706433', '0x7f000001', '127.1'),
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
    );
    const path = fc.webPath();
    fc.assert(
      fc.property(loopbackHost, path, fc.constantFrom('http', 'https'), (host, p, scheme) => {
        expect(isOwnReceiver(`${scheme}://${host}:8787${p}`, receiver)).toBe(true);
        expect(isOwnReceiver(`${scheme}://${host}:8788${p}`, receiver)).toBe(false);
      }),
    );
    expect(isOwnReceiver('https://abc.loca.lt/stripe', receiver)).toBe(true);
    expect(isOwnReceiver('https://other.loca.lt/stripe', receiver)).toBe(false);
    expect(isOwnReceiver('http://192.0.2.1:8787/', receiver)).toBe(false);
    expect(isOwnReceiver('http://[::ffff:127.0.0.1]:80/', { ...receiver, port: 80 })).toBe(true);
  });
});
