import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { register } from '../../src-main/core/tunnel/registration';
import type { TunnelServerConfig } from '../../src-main/tunnel-server/config';
import type { RunningTunnelServer } from '../../src-main/tunnel-server/server';
import { startLoopbackHookbayTunnelServer } from '../support/hookbay-tunnel-server';

/** Registration: a refusal changes nothing, and the tunnel port range is used as a range. */

const TOKEN_A = 'token-a-0123456789abcdef';
const TOKEN_B = 'token-b-0123456789abcdef';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(overrides: Partial<TunnelServerConfig> = {}): Promise<RunningTunnelServer> {
  const s = await startLoopbackHookbayTunnelServer(overrides);
  cleanups.push(() => s.close());
  return s;
}

describe('registration', () => {
  it('a refused registration leaves the tunnel it would have replaced alone', async () => {
    const s = await server({ tokens: [{ token: TOKEN_A }, { token: TOKEN_B }], maxTunnelsPerToken: 1 });
    // B's tunnel has no socket yet (its client is connecting): a name others may take over.
    await register(`${s.url}/t/${TOKEN_B}`, 'victim-name', 3000);
    const victim = s.registry.tunnels.get('victim-name')!;
    await register(`${s.url}/t/${TOKEN_A}`, 'a-own-one', 3000);
    // A is at its limit: refused, and B's tunnel must still be there.
    await expect(register(`${s.url}/t/${TOKEN_A}`, 'victim-name', 3000)).rejects.toThrow(/already holds 1 tunnels/);
    expect(s.registry.tunnels.get('victim-name')).toBe(victim);
    // Replacing its own name does not count against the token's limit.
    const again = await register(`${s.url}/t/${TOKEN_A}`, 'a-own-one', 3000);
    expect(again.id).toBe('a-own-one');
  });

  it('without tokens, one address holds at most --max-tunnels-per-token tunnels; another address is not affected', async () => {
    const s = await server({ maxTunnelsPerToken: 2 });
    const ask = (name: string, localAddress: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: s.port, path: `/${name}`, localAddress, headers: { Host: `localhost:${s.port}` }, agent: false }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          })
          .on('error', reject);
      });
    expect((await ask('addr-one-a', '127.0.0.1')).status).toBe(200);
    expect((await ask('addr-one-b', '127.0.0.1')).status).toBe(200);
    expect(await ask('addr-one-c', '127.0.0.1')).toEqual({ status: 429, body: JSON.stringify({ message: 'This address already holds 2 tunnels (the limit is 2); close one first' }) });
    expect((await ask('addr-two-a', '127.0.0.2')).status).toBe(200);
    // Asking again for a name it holds is a replacement, not one more.
    expect((await ask('addr-one-a', '127.0.0.1')).status).toBe(200);
  });

  it('a busy port in the tunnel port range is skipped, not fatal to the tunnel', async () => {
    // Three consecutive ports, two of them taken by someone else.
    const { from, blockers } = await portsWithOnlyTheLastFree(3);
    cleanups.push(() => blockers.forEach((b) => b.close()));
    const s = await server({ tunnelPorts: { from, to: from + 2 } });
    // The range is tried in random order: several registrations make it all but certain a busy one comes first.
    for (let i = 0; i < 6; i++) {
      const name = `range-test-${i}`;
      const grant = await register(s.url, name, 3000);
      expect(grant.port).toBe(from + 2);
      const tunnel = s.registry.tunnels.get(name);
      expect(tunnel, 'the tunnel is open after its registration').toBeDefined();
      const connected = await new Promise<boolean>((resolve) => {
        const c = net.connect(grant.port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
        cleanups.push(() => void c.destroy());
      });
      expect(connected).toBe(true);
      tunnel!.close();
    }
  });
  it('a client re-registering its name when the one-port range is held by its own old tunnel gets the port', async () => {
    const { from, blockers } = await portsWithOnlyTheLastFree(1);
    cleanups.push(() => blockers.forEach((b) => b.close()));
    const s = await server({ tunnelPorts: { from, to: from } });
    const first = await register(s.url, 'one-port-name', 3000);
    const old = s.registry.tunnels.get('one-port-name');
    const again = await register(s.url, 'one-port-name', 3000);
    expect(again.port).toBe(first.port);
    expect(s.registry.tunnels.get('one-port-name')).not.toBe(old);
    // Another name finds no port, and is refused without touching the tunnel there.
    const current = s.registry.tunnels.get('one-port-name');
    await expect(register(s.url, 'other-name', 3000)).rejects.toThrow(/No free tunnel port/);
    expect(s.registry.tunnels.get('one-port-name')).toBe(current);
  });
});

async function portsWithOnlyTheLastFree(n: number): Promise<{ from: number; blockers: net.Server[] }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const from = 40_000 + Math.floor(Math.random() * 20_000);
    const blockers: net.Server[] = [];
    let ok = true;
    for (let p = from; p < from + n - 1 && ok; p++) {
      const b = net.createServer();
      ok = await new Promise<boolean>((resolve) => {
        b.once('error', () => resolve(false));
        b.listen(p, '127.0.0.1', () => resolve(true));
      });
      if (ok) blockers.push(b);
    }
    const last = net.createServer();
    const lastFree = ok && (await new Promise<boolean>((resolve) => {
      last.once('error', () => resolve(false));
      last.listen(from + n - 1, '127.0.0.1', () => last.close(() => resolve(true)));
    }));
    if (lastFree) return { from, blockers };
    blockers.forEach((b) => b.close());
  }
  throw new Error('no free port run found');
}
