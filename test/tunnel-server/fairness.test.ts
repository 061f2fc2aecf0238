import fc from 'fast-check';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelServerConfig } from '../../src-main/tunnel-server/config';
import type { RunningTunnelServer } from '../../src-main/tunnel-server/server';
import localtunnel from '@security-patched/localtunnel';
import { startHookbay } from '../support/hookbay-fixture';
import { startLoopbackHookbayTunnelServer } from '../support/hookbay-tunnel-server';
import { rawRequest } from '../support/raw-http';

/**
 * The tunnel server faces the internet: what one sender can hold must be bounded. These tests
 * run real sockets on loopback, with a real Hookbay behind the tunnel.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(overrides: Partial<TunnelServerConfig> = {}): Promise<RunningTunnelServer> {
  const s = await startLoopbackHookbayTunnelServer(overrides);
  cleanups.push(() => s.close());
  return s;
}

/**
 * A tunnel server with a real Hookbay behind tunnel `name`, connected by the stock client (its
 * own client would add health probes through the tunnel to what these tests count).
 */
async function tunnelWithHookbay(overrides: Partial<TunnelServerConfig>, name: string) {
  const h = await startHookbay();
  cleanups.push(h.close);
  return { ...(await tunnelTo(h.app.receiverPort, overrides, name)), h };
}

/** A tunnel server with tunnel `name` connected by the stock client to the receiver at `port`. */
async function tunnelTo(port: number, overrides: Partial<TunnelServerConfig>, name: string) {
  const s = await server(overrides);
  const client = await localtunnel({ port, host: s.url, subdomain: name });
  client.on('error', () => {});
  cleanups.push(() => client.close());
  const tunnel = s.registry.tunnels.get(name)!;
  await until(() => tunnel.connectedSockets === (overrides.maxSocketsPerTunnel ?? 10));
  return { s, tunnel, host: `${name}.localhost:${s.port}` };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A connection the test keeps open; `received` is everything the server sent on it. */
function openConnection(port: number, localAddress?: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

const post = (host: string, path: string, body = 'ok', extra = '') => `POST ${path} HTTP/1.1\r\nHost: ${host}\r\n${extra}Content-Length: ${body.length}\r\n\r\n${body}`;
const responses = (text: string) => text.match(/HTTP\/1\.1 \d{3}/g) ?? [];

describe('tunnel sockets are held per request, not per connection', () => {
  it('a kept-alive public connection gives its socket back between requests, so another sender gets through a 1-socket tunnel', async () => {
    const { s, h, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 1, keepAliveTimeoutMs: 30_000 }, 'one-socket');
    const idle = await openConnection(s.port);
    idle.socket.write(post(host, '/default/first'));
    await until(() => responses(idle.received()).length === 1);
    // `idle` keeps its connection open and sends nothing: it must not hold the only socket.
    const other = await rawRequest(s.port, post(host, '/default/second'), 2500);
    expect(other.status).toBe(200);
    // And the kept-alive connection takes a socket again for its next request.
    idle.socket.write(post(host, '/default/third'));
    await until(() => responses(idle.received()).length === 2);
    expect(responses(idle.received())).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    h.app.writer.flush();
    expect(h.app.requests.list({}, 10).map((r) => r.path).sort()).toEqual(['/default/first', '/default/second', '/default/third']);
  });

  it('a socket given back is reused many times without piling up listeners, and closed once unused for tunnelSocketReuseMs', async () => {
    const { s, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 1, tunnelSocketReuseMs: 300 }, 'reused-socket');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    cleanups.push(() => void process.off('warning', onWarning));
    const c = await openConnection(s.port);
    for (let i = 1; i <= 15; i++) {
      c.socket.write(post(host, `/default/r${i}`));
      await until(() => responses(c.received()).length === i);
    }
    expect(responses(c.received())).toEqual(Array(15).fill('HTTP/1.1 200'));
    await new Promise((r) => setImmediate(r));
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    // The pooled socket is closed after 300 ms unused, and the client opens a fresh one.
    const pool = (s.registry.tunnels.get('reused-socket') as unknown as { idle: net.Socket[] }).idle;
    const used = pool[0]!;
    await until(() => used.destroyed && pool.length === 1 && pool[0] !== used, 3000);
    expect(await rawRequest(s.port, post(host, '/default/after-fresh'), 2000)).toMatchObject({ status: 200 });
  });

  it('pipelined requests on one connection are answered in order, each exchange on a socket of its own turn', async () => {
    const { s, h, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 2 }, 'pipelined');
    const c = await openConnection(s.port);
    c.socket.write(Array.from({ length: 6 }, (_, i) => post(host, `/default/p${i}`, `body-${i}`)).join(''));
    await until(() => responses(c.received()).length === 6);
    expect(responses(c.received())).toEqual(Array(6).fill('HTTP/1.1 200'));
    h.app.writer.flush();
    const stored = h.app.requests.list({}, 10).map((r) => [r.path, Buffer.from(h.app.requests.get(r.id)!.body).toString()]);
    expect(stored.sort()).toEqual(Array.from({ length: 6 }, (_, i) => [`/default/p${i}`, `body-${i}`]).sort());
  });

  it('any mix of kept-alive and pipelined requests, split anywhere, reaches Hookbay byte-exact and in order (fast-check)', async () => {
    const { s, h, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 2 }, 'mixed-stream');
    const request = fc
      .record({
        method: fc.constantFrom('POST', 'PUT'),
        headers: fc.array(fc.tuple(fc.constantFrom('X-Sig', 'x-sig', 'X-Dup', 'Accept'), fc.stringMatching(/^[!-~]{1,12}$/)), { maxLength: 4 }),
        body: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        chunked: fc.boolean(),
      });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), async (requests, cuts) => {
        run++;
        const raws = requests.map((r, i) => {
          const framing: [string, string] = r.chunked && r.body.length > 0 ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(r.body.length)];
          const headers: [string, string][] = [['Host', host], ...r.headers, framing];
          const body = r.chunked && r.body.length > 0 ? Buffer.concat([Buffer.from(`${r.body.length.toString(16)}\r\n`), r.body, Buffer.from('\r\n0\r\n\r\n')]) : r.body;
          const head = `${r.method} /default/m${run}-${i} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
          return { raw: Buffer.concat([Buffer.from(head, 'latin1'), body]), headers, body: r.body, path: `/default/m${run}-${i}` };
        });
        const stream = Buffer.concat(raws.map((r) => r.raw));
        const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const c = await openConnection(s.port);
        let prev = 0;
        for (const cut of [...at, stream.length]) {
          c.socket.write(stream.subarray(prev, cut));
          prev = cut;
          await new Promise((r) => setImmediate(r));
        }
        await until(() => responses(c.received()).length === raws.length);
        expect(responses(c.received())).toEqual(Array(raws.length).fill('HTTP/1.1 200'));
        c.socket.destroy();
        h.app.writer.flush();
        const ids = [...c.received().matchAll(/x-hookbay-request-id: (\d+)/gi)].map((m) => Number(m[1]));
        const stored = ids.map((id) => h.app.requests.get(id)!);
        expect(stored.map((r) => r.path)).toEqual(raws.map((r) => r.path));
        expect(stored.map((r) => r.headers)).toEqual(raws.map((r) => r.headers));
        expect(stored.map((r) => Buffer.from(r.body))).toEqual(raws.map((r) => r.body));
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it('a sender that waits for 100 Continue before its body gets one, and its request goes through', async () => {
    const { s, h, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 1 }, 'expect-continue');
    const c = await openConnection(s.port);
    c.socket.write(`POST /default/continued HTTP/1.1\r\nHost: ${host}\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n`);
    await until(() => c.received().includes('HTTP/1.1 100 Continue\r\n\r\n'), 2000);
    c.socket.write('hello');
    await until(() => /HTTP\/1\.1 200/.test(c.received()));
    h.app.writer.flush();
    const [stored] = h.app.requests.list({}, 10);
    expect(Buffer.from(h.app.requests.get(stored!.id)!.body).toString()).toBe('hello');
  });

  it('N slow or idle senders cannot starve an honest one: slowloris heads, trickled bodies and idle keep-alives are cut off in time', async () => {
    const timeouts = { headersTimeoutMs: 1500, requestTimeoutMs: 2500, keepAliveTimeoutMs: 1500, socketWaitMs: 4000 };
    const { s, h, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 4, ...timeouts }, 'honest-gets-in');
    const N = 12; // three times the tunnel's sockets, of each kind
    const slowHeads = await Promise.all(Array.from({ length: N }, () => openConnection(s.port)));
    const slowBodies = await Promise.all(Array.from({ length: N }, () => openConnection(s.port)));
    const idleKeepAlives = await Promise.all(Array.from({ length: N }, () => openConnection(s.port)));
    for (const c of slowHeads) c.socket.write(`POST /default/slow-head HTTP/1.1\r\nHost: ${host}\r\nX-A: `);
    for (const c of slowBodies) c.socket.write(`POST /default/slow-body HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1000\r\n\r\nabc`);
    for (const c of idleKeepAlives) c.socket.write(post(host, '/default/keep-alive'));
    // The slow ones keep trickling a byte at a time, as a slowloris sender does.
    const trickle = setInterval(() => {
      for (const c of [...slowHeads, ...slowBodies]) if (!c.socket.destroyed) c.socket.write('a');
    }, 200);
    cleanups.push(() => clearInterval(trickle));
    await until(() => idleKeepAlives.every((c) => responses(c.received()).length === 1));

    const started = Date.now();
    const honest = await rawRequest(s.port, post(host, '/default/honest', 'real webhook'), 3000);
    expect(honest.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);

    // Every slow sender is cut off within its timeout; the head and request timeouts answer 408.
    await Promise.all([...slowHeads, ...slowBodies, ...idleKeepAlives].map((c) => c.closed));
    for (const c of [...slowHeads, ...slowBodies]) expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowHeads[0]!.received()).toContain('The request head did not arrive within 1.5 s.');
    expect(slowBodies[0]!.received()).toContain('The request did not arrive within 2.5 s.');
    h.app.writer.flush();
    // A body that never completed never went down the tunnel: nothing of the slow ones is stored.
    expect(h.app.requests.list({}, 100).filter((r) => r.path.startsWith('/default/slow'))).toEqual([]);
  }, 20_000);

  it('waiting for a socket is bounded: beyond the queue 503 at once, past the wait 504, both saying so', async () => {
    const { s, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 1, maxWaitingPerTunnel: 2, socketWaitMs: 800, bufferBodyBytes: 4, requestTimeoutMs: 10_000 }, 'short-queue');
    // A large body streams once 4 bytes are in: this sender holds the only socket.
    const holder = await openConnection(s.port);
    holder.socket.write(`POST /default/held HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(10)}`);
    await new Promise((r) => setTimeout(r, 200));
    const waiting = [rawRequest(s.port, post(host, '/default/w1'), 3000), rawRequest(s.port, post(host, '/default/w2'), 3000)];
    await new Promise((r) => setTimeout(r, 100));
    // 503 at once, not 504 after the 0.8 s wait: the status tells them apart, no clock needed.
    const refused = await rawRequest(s.port, post(host, '/default/w3'), 3000);
    expect(refused.status).toBe(503);
    expect(refused.head).toMatch(/X-Hookbay-Tunnel-Server: 1/);
    expect(refused.body.toString()).toBe('The tunnel short-queue is busy: 2 requests already wait for a connection to its client; try again shortly.\n');
    const waited = await Promise.all(waiting);
    expect(waited.map((r) => r.status)).toEqual([504, 504]);
    expect(waited[0]!.body.toString()).toBe('The tunnel short-queue had no free connection to its client within 0.8 s; try again.\n');
  });
  it('a sender that leaves while waiting frees its place in the queue at once', async () => {
    const { s, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 1, maxWaitingPerTunnel: 2, socketWaitMs: 5000, bufferBodyBytes: 4 }, 'leavers');
    const holder = await openConnection(s.port);
    holder.socket.write(`POST /default/held HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 20\r\n\r\n${'x'.repeat(10)}`);
    await new Promise((r) => setTimeout(r, 200));
    // Five senders queue a whole request each and leave (a reset: a FIN alone is a half-close,
    // after which a sender may still wait for its answer).
    for (let i = 0; i < 5; i++) {
      const c = await openConnection(s.port);
      c.socket.write(post(host, `/default/left${i}`));
      await new Promise((r) => setTimeout(r, 50));
      c.socket.resetAndDestroy();
      await c.closed;
    }
    await new Promise((r) => setTimeout(r, 50));
    const honest = rawRequest(s.port, post(host, '/default/honest'), 4000);
    await new Promise((r) => setTimeout(r, 100));
    holder.socket.write('x'.repeat(10)); // the holder finishes; its socket goes to the honest sender
    expect((await honest).status).toBe(200);
  });
});

/** A receiver that answers a request only when the test calls `answer` (oldest first). */
async function holdingReceiver() {
  const arrived: string[] = [];
  const held: http.ServerResponse[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    arrived.push(req.url!);
    held.push(res);
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => receiver.close(() => r())));
  cleanups.push(() => void receiver.closeAllConnections());
  return { arrived, held, answer: () => void held.shift()!.end('ok'), port: (receiver.address() as net.AddressInfo).port };
}

describe('a fair share of a tunnel\'s sockets per sender address', () => {
  it('one address streaming slow bodies holds at most half the sockets: another address gets one without waiting for their timeouts, and the slow ones wait, not refused', async () => {
    const { s, h, tunnel, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 4, bufferBodyBytes: 16, requestTimeoutMs: 20_000, socketWaitMs: 15_000 }, 'slow-streams');
    // Six large bodies from 127.0.0.1, each streaming once its first 16 bytes are in, then a byte at a time.
    const slow = await Promise.all(Array.from({ length: 6 }, () => openConnection(s.port)));
    slow.forEach((c, i) => c.socket.write(`POST /default/slow${i} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5000\r\n\r\n${'s'.repeat(32)}`));
    let sent = 32;
    const trickle = setInterval(() => {
      for (const c of slow) c.socket.write('s');
      sent++;
    }, 200);
    cleanups.push(() => clearInterval(trickle));
    await until(() => tunnel.waiting >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(tunnel.waiting, 'two stream (the share of four sockets), four wait').toBe(4);

    const honest = await openConnection(s.port, '127.0.0.2');
    honest.socket.write(post(host, '/default/honest', 'real webhook'));
    // Before the share, every socket streamed a slow body and the honest request waited for the
    // first of them to end (the 20 s request timeout), past its own 15 s wait.
    await until(() => responses(honest.received()).length === 1, 8000);
    expect(responses(honest.received())).toEqual(['HTTP/1.1 200']);
    expect(slow.map((c) => c.received())).toEqual(Array(6).fill(''));

    // The slow address's bodies beyond its share waited for its own to finish: all arrive.
    clearInterval(trickle);
    for (const c of slow) c.socket.write('s'.repeat(5000 - sent));
    await until(() => slow.every((c) => responses(c.received()).length === 1), 10_000);
    expect(slow.map((c) => responses(c.received())[0])).toEqual(Array(6).fill('HTTP/1.1 200'));
    h.app.writer.flush();
    expect(h.app.requests.list({}, 20).length).toBe(7);
  }, 30_000);

  it('a burst from one address uses every socket; past its share, its further requests wait behind another address\'s', async () => {
    const { arrived, held, answer, port } = await holdingReceiver();
    const { s, tunnel, host } = await tunnelTo(port, { maxSocketsPerTunnel: 4, socketWaitMs: 15_000 }, 'burst-share');

    const burst = await Promise.all(Array.from({ length: 6 }, () => openConnection(s.port)));
    for (const [i, c] of burst.slice(0, 4).entries()) c.socket.write(post(host, `/a${i}`));
    // Nobody else waits: one address's burst takes all four sockets.
    await until(() => arrived.length === 4);
    for (const [i, c] of burst.slice(4).entries()) c.socket.write(post(host, `/a${4 + i}`));
    await until(() => tunnel.waiting === 2);
    const other = await openConnection(s.port, '127.0.0.2');
    other.socket.write(post(host, '/b0'));
    await until(() => tunnel.waiting === 3);

    // 127.0.0.1 holds four sockets (its share: two): the first one back goes to 127.0.0.2.
    answer();
    await until(() => arrived.length === 5);
    expect(arrived[4]).toBe('/b0');
    while (held.length > 0 || arrived.length < 7) {
      if (held.length > 0) answer();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(arrived.slice(5)).toEqual(['/a4', '/a5']);
    await until(() => [...burst, other].every((c) => responses(c.received()).length === 1));
  });

  it('a full queue makes room for another address: the address with the most places loses its newest one (503), not the newcomer', async () => {
    const { arrived, answer, port } = await holdingReceiver();
    const { s, tunnel, host } = await tunnelTo(port, { maxSocketsPerTunnel: 2, maxWaitingPerTunnel: 3, socketWaitMs: 15_000 }, 'queue-share');
    const flood = await Promise.all(Array.from({ length: 5 }, () => openConnection(s.port)));
    for (const [i, c] of flood.slice(0, 2).entries()) c.socket.write(post(host, `/a${i}`));
    await until(() => arrived.length === 2);
    for (const [i, c] of flood.slice(2).entries()) {
      c.socket.write(post(host, `/a${2 + i}`));
      await until(() => tunnel.waiting === i + 1);
    }
    const other = await openConnection(s.port, '127.0.0.2');
    other.socket.write(post(host, '/b0'));
    // Before: the newcomer was the one answered 503, at once.
    await until(() => responses(flood[4]!.received()).length === 1 || responses(other.received()).length === 1);
    expect(responses(flood[4]!.received())).toEqual(['HTTP/1.1 503']);
    expect(other.received()).toBe('');
    answer();
    await until(() => arrived.length === 3);
    expect(arrived[2]).toBe('/b0');
    while (arrived.length < 5) {
      const before = arrived.length;
      answer();
      await until(() => arrived.length > before);
    }
    expect(arrived).toEqual(['/a0', '/a1', '/b0', '/a2', '/a3']);
  });

  it('a streaming request that waits its whole wait because its address streams on its share is answered 429, saying so', async () => {
    const { s, host } = await tunnelWithHookbay({ maxSocketsPerTunnel: 2, bufferBodyBytes: 4, socketWaitMs: 800, requestTimeoutMs: 10_000 }, 'share-wait');
    const streaming = `POST /default/big HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(10)}`;
    const holder = await openConnection(s.port);
    holder.socket.write(streaming);
    await new Promise((r) => setTimeout(r, 200));
    const second = await rawRequest(s.port, streaming, 5000);
    expect(second.status).toBe(429);
    expect(second.head).toMatch(/X-Hookbay-Tunnel-Server: 1/);
    expect(second.body.toString()).toBe("Requests from your address already stream on 1 of the tunnel share-wait's connections to its client, its share, and none of them finished within 0.8 s; try again.\n");
    // The socket left free was free all along for complete requests, from any address.
    expect((await rawRequest(s.port, post(host, '/default/small'), 3000)).status).toBe(200);
  });
});

describe('per-address connection limit', () => {
  it('one address holds at most maxConnectionsPerAddress connections; others are unaffected', async () => {
    const s = await server({ maxConnectionsPerAddress: 5 });
    const held = await Promise.all(Array.from({ length: 5 }, () => openConnection(s.port)));
    const extra = await openConnection(s.port);
    await extra.closed; // closed by the server at once
    expect(extra.received()).toBe('');
    const other = await rawRequest(s.port, `GET /api/health HTTP/1.1\r\nHost: localhost:${s.port}\r\n\r\n`).catch(() => null);
    expect(other?.status ?? 0, 'the same address, still at its limit').toBe(0);
    const fromElsewhere = await new Promise<string>((resolve) => {
      const c = net.connect({ port: s.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      let data = '';
      c.on('data', (d: Buffer) => (data += d.toString()));
      c.on('close', () => resolve(data));
      c.write(`GET /api/health HTTP/1.1\r\nHost: localhost:${s.port}\r\n\r\n`);
    });
    expect(fromElsewhere).toMatch(/^HTTP\/1\.1 200/);
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((r) => setTimeout(r, 50));
    const afterOneLeft = await rawRequest(s.port, `GET /api/health HTTP/1.1\r\nHost: localhost:${s.port}\r\n\r\n`);
    expect(afterOneLeft.status).toBe(200);
  });
});
