import net from 'node:net';
import { describe, it } from 'vitest';
import localtunnel from '@security-patched/localtunnel';
import { startHookbay } from '../support/hookbay-fixture';
import { startLoopbackHookbayTunnelServer } from '../support/hookbay-tunnel-server';
import { rawRequest } from '../support/raw-http';

/**
 * The measurement behind docs/tunnel-server.md (Limits): N slow or idle senders against a
 * 10-socket tunnel, then 5 honest requests one after the other. Prints; asserts nothing, so it
 * runs only when asked: HOOKBAY_MEASURE=1 npx vitest run test/tunnel-server/fairness.measure.test.ts
 */
describe.skipIf(!process.env.HOOKBAY_MEASURE)('tunnel-server fairness measurement', () => {
it('honest latency with N slow senders', async () => {
  for (const N of [12, 60, 150]) {
    const s = await startLoopbackHookbayTunnelServer({ socketWaitMs: 10_000 });
    const h = await startHookbay();
    const name = `measure-${N}`;
    const client = await localtunnel({ port: h.app.receiverPort, host: s.url, subdomain: name });
    client.on('error', () => {});
    const host = `${name}.localhost:${s.port}`;
    while ((s.registry.tunnels.get(name)?.connectedSockets ?? 0) < 10) await new Promise((r) => setTimeout(r, 20));
    const conns: net.Socket[] = [];
    const open = () => new Promise<net.Socket>((res) => { const c = net.connect(s.port, '127.0.0.1', () => res(c)); c.on('error', () => {}); c.on('data', () => {}); conns.push(c); });
    for (let i = 0; i < N / 3; i++) (await open()).write(`POST /default/slow HTTP/1.1\r\nHost: ${host}\r\nX-A: `);
    for (let i = 0; i < N / 3; i++) (await open()).write(`POST /default/slow HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1000\r\n\r\nabc`);
    for (let i = 0; i < N / 3; i++) (await open()).write(`POST /default/ka HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\n\r\nok`);
    const trickle = setInterval(() => { for (const c of conns) if (!c.destroyed) c.write('a'); }, 500);
    await new Promise((r) => setTimeout(r, 500));
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await rawRequest(s.port, `POST /default/honest HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\n\r\nok`, 12_000).catch(() => ({ status: -1 }));
      results.push(`${r.status}:${Math.round(performance.now() - t0)}ms`);
    }
    console.log(`MEASURE N=${N} (${N / 3} slow heads, ${N / 3} trickled bodies, ${N / 3} idle keep-alives, 10 sockets): ${results.join(' ')}`);
    clearInterval(trickle);
    conns.forEach((c) => c.destroy());
    client.close();
    await h.close();
    await s.close();
  }
}, 300_000);
});
