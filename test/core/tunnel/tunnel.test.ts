import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../../src-main/contract/tunnel';
import { startHookbay, tunnelStatusWhere } from '../../support/hookbay-fixture';
import { startTunnelServer, type LoopbackTunnelServer } from '../../support/tunnel-server';
import { FAST_TIMING, PATIENT_TIMING } from './fast-timing';

let server: LoopbackTunnelServer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTunnelServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hookbay() {
  const h = await startHookbay({ tunnelTiming: FAST_TIMING });
  cleanups.push(h.close);
  return h.app;
}

describe('Tunnel through a real localtunnel server on loopback', () => {
  it('captures a request sent through the public URL byte-exact, marked via tunnel', async () => {
    const app = await hookbay();
    const status = await app.tunnel.start({ enabled: true, host: server.host, subdomain: 'hookbay-capture' });

    expect(status.state).toBe('online');
    expect(status.url).toBe(`http://hookbay-capture.localhost:${server.port}`);
    expect(status.grantedSubdomain).toBe('hookbay-capture');
    expect(status.lastProbeAt).toBeTypeOf('number');
    expect(app.publicBaseUrl).toBe(status.url);

    // Binary first: upstream's Host rewriting (which we avoid) would mangle exactly this.
    const body = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]), crypto.randomBytes(64 * 1024)]);
    const res = await server.request('hookbay-capture', {
      method: 'POST',
      path: '/default/hooks/x?b=2&a=1',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Signature': 't=1,v1=abc' },
      body,
    });
    expect(res.status).toBe(200);
    const stored = app.requests.get(Number(res.headers['x-hookbay-request-id']))!;
    expect(stored.via).toBe('tunnel');
    expect(stored.method).toBe('POST');
    expect(stored.path).toBe('/default/hooks/x');
    expect(stored.query).toBe('b=2&a=1');
    expect(Buffer.compare(stored.body, body)).toBe(0);
    // The server forwards Node's parsed headers, so names arrive lower-cased; values are intact.
    const headers = new Map(stored.headers.map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers.get('host')).toBe(server.hostHeader('hookbay-capture'));
    expect(headers.get('x-signature')).toBe('t=1,v1=abc');
  });

  it('answers its probe through the public URL without storing it', async () => {
    const app = await hookbay();
    await app.tunnel.start({ enabled: true, host: server.host, subdomain: 'hookbay-probe' });
    const before = app.tunnel.status.lastProbeAt!;
    await tunnelStatusWhere(app, (s) => (s.lastProbeAt ?? 0) > before);
    app.writer.flush();
    expect(app.requests.list({}, 10)).toHaveLength(0);

    // Without the session's secret token the reserved path is an ordinary, stored request.
    const res = await server.request('hookbay-probe', { path: '/.hookbay/tunnel-probe/guessed' });
    expect(res.headers['x-hookbay-probe']).toBeUndefined();
    expect(app.requests.get(Number(res.headers['x-hookbay-request-id']))!.path).toBe('/.hookbay/tunnel-probe/guessed');
  });

  it('goes through reconnecting back to online when the server dies and comes back, and requests flow again', async () => {
    const own = await startTunnelServer();
    cleanups.push(() => own.stop());
    const app = await hookbay();
    const seen: TunnelStatus[] = [];
    app.events.subscribe((e) => e.type === 'tunnel.status' && seen.push(e.status));
    const first = await app.tunnel.start({ enabled: true, host: own.host, subdomain: 'hookbay-restart' });
    expect(first.state).toBe('online');

    await own.kill();
    const down = await tunnelStatusWhere(app, (s) => s.state === 'reconnecting');
    expect(down.url).toBeNull();
    expect(app.publicBaseUrl).toBeNull();
    expect(down.reason).toMatch(/\S/);
    // Retries pile up with backoff while the server is away.
    await tunnelStatusWhere(app, (s) => s.state === 'reconnecting' && (s.attempt ?? 0) >= 3);

    await own.restart();
    const back = await tunnelStatusWhere(app, (s) => s.state === 'online');
    expect(back.url).toBe(first.url);
    expect(back.urlChanged).toBe(false);
    expect(app.publicBaseUrl).toBe(first.url);

    const res = await own.request('hookbay-restart', { method: 'POST', path: '/after', body: 'again' });
    expect(res.status).toBe(200);
    const stored = app.requests.get(Number(res.headers['x-hookbay-request-id']))!;
    expect(stored.body.toString()).toBe('again');
    expect(stored.via).toBe('tunnel');

    const states = seen.map((s) => s.state);
    expect(states.indexOf('reconnecting')).toBeGreaterThan(states.indexOf('online'));
    expect(states.lastIndexOf('online')).toBeGreaterThan(states.indexOf('reconnecting'));
    for (const s of seen.filter((x) => x.state === 'reconnecting')) expect(s.nextRetryAt).toBeTypeOf('number');
  });

  it('reports a taken subdomain instead of swapping it silently', async () => {
    const holder = await hookbay();
    await holder.tunnel.start({ enabled: true, host: server.host, subdomain: 'hookbay-taken' });
    const app = await hookbay();

    const status = await app.tunnel.start({ enabled: true, host: server.host, subdomain: 'hookbay-taken' });

    expect(status.state).toBe('online');
    expect(status.requestedSubdomain).toBe('hookbay-taken');
    expect(status.grantedSubdomain).not.toBe('hookbay-taken');
    expect(status.url).not.toContain('hookbay-taken');
    expect(status.reason).toContain('"hookbay-taken" was not granted');
  });

  it('makes a taken subdomain an error when the subdomain is required, and opens nothing', async () => {
    const holder = await hookbay();
    await holder.tunnel.start({ enabled: true, host: server.host, subdomain: 'hookbay-required' });
    const app = await hookbay();

    const status = await app.tunnel.start({
      enabled: true,
      host: server.host,
      subdomain: 'hookbay-required',
      requireSubdomain: true,
    });

    expect(status.state).toBe('error');
    expect(status.reason).toContain('"hookbay-required" is taken');
    expect(status.url).toBeNull();
    expect(app.publicBaseUrl).toBeNull();
  });

  it('says why when the server refuses the subdomain, without retrying forever', async () => {
    const app = await hookbay();
    // Valid for the server's rule? No: it rejects names it considers invalid with a 403.
    const status = await app.tunnel.start({ enabled: true, host: server.host, subdomain: 'Bad_Name' as string });
    expect(status.state).toBe('error');
    expect(status.reason).toMatch(/refused the tunnel: Invalid subdomain/);
  });

  it('keeps retrying with a plain reason while the server is unreachable', async () => {
    const app = await hookbay();
    const status = await app.tunnel.start({ enabled: true, host: 'http://127.0.0.1:1' });
    expect(status.state).toBe('reconnecting');
    expect(status.attempt).toBe(1);
    expect(status.reason).toMatch(/Could not reach the tunnel server at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    await app.tunnel.stop();
    expect(app.tunnel.status.state).toBe('off');
  });
});

describe('Tunnel reconnecting to a server that still holds its subdomain', () => {
  it('asks for its own subdomain again instead of accepting a new URL', async () => {
    const h = await startHookbay({ tunnelTiming: PATIENT_TIMING });
    cleanups.push(h.close);
    const app = h.app;
    const first = await app.tunnel.start({ enabled: true, host: server.host });
    expect(first.state).toBe('online');
    const seen: TunnelStatus[] = [];
    app.events.subscribe((e) => e.type === 'tunnel.status' && seen.push(e.status));

    // What the client reports when the server refuses a socket (see LocaltunnelClient).
    (app.tunnel as unknown as { client: { emit(e: string, err: Error): void } }).client.emit(
      'error',
      new Error('connection refused: localhost (check your firewall settings)'),
    );

    expect(app.tunnel.status.state).toBe('reconnecting');
    const back = await tunnelStatusWhere(app, (s) => s.state === 'online');
    expect(back.url).toBe(first.url);
    expect(back.urlChanged).toBe(false);
    expect(seen.some((s) => s.reason?.includes('still holds'))).toBe(true);
  });
});

describe('Tunnel whose server hangs with every socket still open', () => {
  it('notices through the probe, says so, and comes back when the server does', async () => {
    const own = await startTunnelServer();
    cleanups.push(() => own.stop());
    const h = await startHookbay({ tunnelTiming: PATIENT_TIMING });
    cleanups.push(h.close);
    const app = h.app;
    const first = await app.tunnel.start({ enabled: true, host: own.host, subdomain: 'hookbay-frozen' });
    expect(first.state).toBe('online');

    own.freeze();
    // The client's sockets are all still connected: only the probe can tell.
    expect((app.tunnel as unknown as { client: { sockets: Set<unknown> } }).client.sockets.size).toBeGreaterThan(0);
    const down = await tunnelStatusWhere(app, (s) => s.state === 'reconnecting');
    expect(down.reason).toMatch(/^No answer through http:\/\/hookbay-frozen\.localhost:\d+ within \d+ s\.$/);
    expect(app.publicBaseUrl).toBeNull();

    own.thaw();
    const back = await tunnelStatusWhere(app, (s) => s.state === 'online', 25_000);
    expect(back.url).toBe(first.url);
    const res = await own.request('hookbay-frozen', { method: 'POST', path: '/thawed', body: 'ok' });
    expect(app.requests.get(Number(res.headers['x-hookbay-request-id']))!.body.toString()).toBe('ok');
  });
});
