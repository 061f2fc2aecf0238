import http from 'node:http';
import fc from 'fast-check';
import net from 'node:net';
import localtunnel from '@security-patched/localtunnel';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../src-main/contract/tunnel';
import { register, type RegistrationError } from '../../src-main/core/tunnel/registration';
import type { RunningTunnelServer } from '../../src-main/tunnel-server/server';
import { startHookbay, tunnelStatusWhere } from '../support/hookbay-fixture';
import { startLoopbackHookbayTunnelServer } from '../support/hookbay-tunnel-server';
import { rawRequest } from '../support/raw-http';
import { FAST_TIMING, PATIENT_TIMING } from '../core/tunnel/fast-timing';

const TOKEN_A = 'token-a-0123456789abcdef';
const TOKEN_B = 'token-b-0123456789abcdef';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(overrides: Parameters<typeof startLoopbackHookbayTunnelServer>[0] = {}): Promise<RunningTunnelServer> {
  const s = await startLoopbackHookbayTunnelServer(overrides);
  cleanups.push(() => s.close());
  return s;
}

/** The stock client, connected to a throwaway local port (these tests look at the server side). */
async function stockClient(host: string, subdomain?: string): Promise<localtunnel.Tunnel> {
  const client = await localtunnel({ port: 9, host, subdomain });
  client.on('error', () => {});
  cleanups.push(() => client.close());
  return client;
}

function refusal(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: Error) => err.message,
  );
}

function getJson(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { Host: `localhost:${port}`, ...headers }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
      })
      .on('error', reject);
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('hookbay tunnel-server: access', () => {
  it('refuses strangers: no token and a wrong token are 401, with a message, not retryable', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A }] });
    expect(await refusal(register(s.url, 'stranger1', 3000))).toMatch(/refused the tunnel: This tunnel server needs an access token/);
    expect(await refusal(register(`${s.url}/t/wrong-token-0123456789`, null, 3000))).toMatch(/access token is not valid/);
    const err = await register(s.url, null, 3000).catch((e: RegistrationError) => e);
    expect((err as RegistrationError).retryable).toBe(false);
    expect(s.registry.tunnels.size).toBe(0);
  });

  it('answers a malformed token path 400 and keeps running', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A }] });
    const res = await getJson(s.port, '/t/%E0%A4%A/?new');
    expect(res).toEqual({ status: 400, body: { message: 'The token in the path is not valid percent-encoding' } });
    expect((await getJson(s.port, '/api/health')).status).toBe(200);
  });

  it('accepts the token in the host path (stock client) and as a Bearer header (Hookbay)', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A }] });
    const client = await stockClient(`${s.url}/t/${TOKEN_A}`, 'via-path');
    expect(client.url).toBe(`http://via-path.localhost:${s.port}`);
    const res = await getJson(s.port, '/via-header', { Authorization: `Bearer ${TOKEN_A}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'via-header', url: `http://via-header.localhost:${s.port}`, max_conn_count: 10 });
  });

  it('says a taken subdomain is taken (409) instead of handing out another; the same token takes its own back', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A }, { token: TOKEN_B }] });
    await stockClient(`${s.url}/t/${TOKEN_A}`, 'shared-name');
    await until(() => (s.registry.tunnels.get('shared-name')?.connectedSockets ?? 0) > 0);
    expect(await refusal(register(`${s.url}/t/${TOKEN_B}`, 'shared-name', 3000))).toMatch(/"shared-name" is in use by another client/);
    // A client reconnecting before the server noticed its old sockets died gets its name back.
    const again = await register(`${s.url}/t/${TOKEN_A}`, 'shared-name', 3000);
    expect(again.id).toBe('shared-name');
  });

  it('keeps reserved subdomains for their token, and random names off them', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A, subdomains: ['reserved-one'] }, { token: TOKEN_B }] });
    expect(await refusal(register(`${s.url}/t/${TOKEN_B}`, 'reserved-one', 3000))).toMatch(/reserved for another token/);
    expect((await register(`${s.url}/t/${TOKEN_A}`, 'reserved-one', 3000)).id).toBe('reserved-one');
  });
});

describe('hookbay tunnel-server: limits', () => {
  it('limits tunnels per token (429, retryable later)', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A }], maxTunnelsPerToken: 2 });
    await register(`${s.url}/t/${TOKEN_A}`, 'first-one', 3000);
    await register(`${s.url}/t/${TOKEN_A}`, null, 3000);
    expect(await refusal(register(`${s.url}/t/${TOKEN_A}`, 'third-one', 3000))).toMatch(/already holds 2 tunnels \(the limit is 2\)/);
  });

  it('limits sockets per tunnel, and takes tunnel sockets only from the address that registered', async () => {
    const s = await server({ maxSocketsPerTunnel: 3 });
    const client = await stockClient(s.url, 'few-sockets');
    const tunnel = s.registry.tunnels.get('few-sockets')!;
    await until(() => tunnel.connectedSockets === 3);
    const extraClosed = (localAddress?: string) =>
      new Promise<void>((resolve) => net.connect({ port: tunnel.port, host: '127.0.0.1', localAddress }).on('close', () => resolve()).on('error', () => {}));
    await extraClosed();
    await extraClosed('127.0.0.2');
    expect(tunnel.connectedSockets).toBe(3);
    expect(client.url).toContain('few-sockets');
  });

  it('answers oversized bodies 413 and oversized heads 431 itself, forwarding nothing', async () => {
    const s = await server({ maxBodyBytes: 1000, maxHeadBytes: 2048 });
    const h = await startHookbay({ tunnelTiming: FAST_TIMING });
    cleanups.push(h.close);
    expect((await h.app.tunnel.start({ enabled: true, host: s.url, subdomain: 'size-limits' })).state).toBe('online');
    const host = `size-limits.localhost:${s.port}`;
    const big = await rawRequest(s.port, `POST /default/x HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1001\r\n\r\n${'a'.repeat(1001)}`);
    expect(big.status).toBe(413);
    expect(big.head).toMatch(/X-Hookbay-Tunnel-Server: 1/);
    const head = await rawRequest(s.port, `GET /default/x HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'b'.repeat(3000)}\r\n\r\n`);
    expect(head.status).toBe(431);
    const fits = await rawRequest(s.port, `POST /default/x HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1000\r\n\r\n${'a'.repeat(1000)}`);
    expect(fits.status).toBe(200);
    h.app.writer.flush();
    expect(h.app.requests.list({}, 10)).toHaveLength(1);
  });
});

describe('hookbay tunnel-server: load', () => {
  it('queues public connections beyond the tunnel\'s sockets until one frees up, and loses none', async () => {
    const s = await server({ maxSocketsPerTunnel: 2 });
    const h = await startHookbay({ tunnelTiming: FAST_TIMING });
    cleanups.push(h.close);
    expect((await h.app.tunnel.start({ enabled: true, host: s.url, subdomain: 'few-and-busy' })).state).toBe('online');
    const host = `few-and-busy.localhost:${s.port}`;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => rawRequest(s.port, `POST /default/n${i} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${String(i).length}\r\n\r\n${i}`, 15_000)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    h.app.writer.flush();
    expect(h.app.requests.list({}, 100).map((r) => r.path).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `/default/n${i}`).sort());
  });
});

describe('hookbay tunnel-server: hostile input', () => {
  it('random bytes, alone or after a valid head, never stop the server', async () => {
    const s = await server({ maxHeadBytes: 4096, maxBodyBytes: 4096 });
    await stockClient(s.url, 'hostile-target');
    const heads = fc.constantFrom('', `POST / HTTP/1.1\r\nHost: hostile-target.localhost:${s.port}\r\n`, `GET /?new HTTP/1.1\r\nHost: localhost\r\n`, 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n');
    await fc.assert(
      fc.asyncProperty(heads, fc.uint8Array({ maxLength: 6000 }), async (head, junk) => {
        await rawRequest(s.port, Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(junk)]), 300).catch(() => undefined);
      }),
      { numRuns: 60 },
    );
    expect((await getJson(s.port, '/api/health')).status).toBe(200);
  });
});

describe('hookbay tunnel-server: routing and health', () => {
  it('answers 404 for a tunnel that is not open, and reports health', async () => {
    const s = await server();
    const res = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: nobody-here.localhost:${s.port}\r\n\r\n`);
    expect(res.status).toBe(404);
    await register(s.url, 'healthy-one', 3000);
    const health = await getJson(s.port, '/api/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok', tunnels: 1, sockets: 0 } });
  });

  it('frees a name whose client left, after the grace period', async () => {
    const s = await server({ graceMs: 200 });
    const client = await stockClient(s.url, 'leaving-one');
    await until(() => (s.registry.tunnels.get('leaving-one')?.connectedSockets ?? 0) > 0);
    client.close();
    await until(() => !s.registry.tunnels.has('leaving-one'));
  });
});

describe('hookbay tunnel-server: a name held by someone else', () => {
  it('Hookbay waits for its own name while the server still holds it, and reports another holder\'s name as an error', async () => {
    const s = await server({ graceMs: 200 });
    const h = await startHookbay({ tunnelTiming: PATIENT_TIMING });
    cleanups.push(h.close);
    expect((await h.app.tunnel.start({ enabled: true, host: s.url, subdomain: 'held-name' })).state).toBe('online');
    await h.app.tunnel.stop();
    await until(() => !s.registry.tunnels.has('held-name'));
    // Stands in for this tunnel's own previous connection that the server has not seen die.
    const holder = await localtunnel({ port: 9, host: s.url, subdomain: 'held-name' });
    holder.on('error', () => {});
    await until(() => (s.registry.tunnels.get('held-name')?.connectedSockets ?? 0) > 0);

    const waiting = await h.app.tunnel.start({ enabled: true, host: s.url, subdomain: 'held-name' });
    expect(waiting.state).toBe('reconnecting');
    expect(waiting.reason).toMatch(/in use by another client\. It is likely this tunnel's previous connection; asking again/);
    holder.close();
    const back = await tunnelStatusWhere(h.app, (st) => st.state === 'online' || st.state === 'error');
    expect(back.state, back.reason).toBe('online');
    expect(back.url).toBe(`http://held-name.localhost:${s.port}`);

    await stockClient(s.url, 'never-ours');
    await until(() => (s.registry.tunnels.get('never-ours')?.connectedSockets ?? 0) > 0);
    const refused = await h.app.tunnel.start({ enabled: true, host: s.url, subdomain: 'never-ours' });
    expect(refused.state).toBe('error');
    expect(refused.reason).toMatch(/"never-ours" is in use by another client\.$/);
  });
});

describe('hookbay tunnel-server: restart', () => {
  it('Hookbay reconnects to a restarted server on the same port and requests flow again', async () => {
    let s = await startLoopbackHookbayTunnelServer();
    const port = s.port;
    cleanups.push(() => s.close());
    const h = await startHookbay({ tunnelTiming: FAST_TIMING });
    cleanups.push(h.close);
    const seen: TunnelStatus['state'][] = [];
    h.app.events.subscribe((e) => e.type === 'tunnel.status' && seen.push(e.status.state));
    expect((await h.app.tunnel.start({ enabled: true, host: s.url, subdomain: 'restarting' })).state).toBe('online');

    await s.close();
    await tunnelStatusWhere(h.app, (st) => st.state === 'reconnecting');
    s = await startLoopbackHookbayTunnelServer({ port });
    const back = await tunnelStatusWhere(h.app, (st) => st.state === 'online');
    expect(back.url).toBe(`http://restarting.localhost:${port}`);
    expect(back.urlChanged).toBe(false);
    expect(seen).toContain('reconnecting');

    const res = await rawRequest(port, `POST /default/after HTTP/1.1\r\nHost: restarting.localhost:${port}\r\nContent-Length: 2\r\n\r\nok`);
    expect(res.status).toBe(200);
    const id = Number(/x-hookbay-request-id: (\d+)/i.exec(res.head)?.[1]);
    expect(h.app.requests.get(id)!.via).toBe('tunnel');
  });
});
