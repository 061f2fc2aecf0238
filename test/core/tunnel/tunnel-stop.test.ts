import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHookbay } from '../../support/hookbay-fixture';
import { startTunnelServer, type LoopbackTunnelServer } from '../../support/tunnel-server';
import { FAST_TIMING } from './fast-timing';

let server: LoopbackTunnelServer;
beforeAll(async () => {
  server = await startTunnelServer();
});
afterAll(async () => {
  await server.stop();
});

/** TCP handles this process holds open (sockets and listeners), as Node itself counts them. */
function tcpHandles(): { sockets: number; servers: number } {
  const info = process.getActiveResourcesInfo();
  return {
    sockets: info.filter((r) => r === 'TCPSocketWrap').length,
    servers: info.filter((r) => r === 'TCPServerWrap').length,
  };
}

/** Node lists a handle until the loop turn after it closed (an aborted request closes on the next). */
const handlesReleased = () => new Promise((r) => setTimeout(r, 0));

it('stopping the tunnel closes every socket it opened, on both ends', async () => {
  const h = await startHookbay({ tunnelTiming: FAST_TIMING });
  try {
    const baseline = tcpHandles();
    const status = await h.app.tunnel.start({ enabled: true, host: server.host, subdomain: 'hookbay-stop' });
    expect(status.state).toBe('online');
    // Traffic too, so the client also holds connections to the ingress.
    for (let i = 0; i < 5; i++) {
      const res = await server.request('hookbay-stop', { method: 'POST', path: `/n${i}`, body: 'x' });
      expect(res.status).toBe(200);
    }
    const open = tcpHandles();
    expect(open.sockets).toBeGreaterThan(baseline.sockets + 5);
    expect(open.servers).toBe(baseline.servers + 1); // the ingress listener
    // Up to the 10 the server grants; a socket that just carried a request may be being replaced.
    expect(await server.connectedSockets('hookbay-stop')).toBeGreaterThan(0);

    const stopped = await h.app.tunnel.stop();

    expect(stopped.state).toBe('off');
    expect(h.app.publicBaseUrl).toBeNull();
    await handlesReleased();
    expect(tcpHandles()).toEqual(baseline);
    // The server saw them all close (it forgets the client a second later: null).
    expect(await server.connectedSockets('hookbay-stop')).not.toBeGreaterThan(0);
    // And nothing reconnects behind our back.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(tcpHandles()).toEqual(baseline);
    expect(await server.connectedSockets('hookbay-stop')).toBeNull();
  } finally {
    await h.close();
  }
});

it('stopping while the server hangs aborts the pending request instead of leaving it open', async () => {
  const own = await startTunnelServer();
  const h = await startHookbay({ tunnelTiming: FAST_TIMING });
  try {
    const baseline = tcpHandles();
    own.freeze();
    const first = h.app.tunnel.start({ enabled: true, host: own.host, subdomain: 'hookbay-hung' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.app.tunnel.status.state).toBe('connecting');
    expect(tcpHandles().sockets).toBeGreaterThan(baseline.sockets); // the registration request

    await h.app.tunnel.stop();

    expect((await first).state).toBe('off');
    await handlesReleased();
    expect(tcpHandles()).toEqual(baseline);
  } finally {
    await h.close();
    await own.stop();
  }
});
