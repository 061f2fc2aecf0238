import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { createHandlers } from '../../../src-main/core/service';
import { TUNNEL_SETTINGS_KEY } from '../../../src-main/core/tunnel/settings';
import type { RunningTunnelServer } from '../../../src-main/tunnel-server/server';
import { contractClient } from '../../support/app';
import { tunnelStatusWhere } from '../../support/hookbay-fixture';
import { startLoopbackHookbayTunnelServer } from '../../support/hookbay-tunnel-server';
import { tempDir } from '../../support/temp';
import { FAST_TIMING } from '../tunnel/fast-timing';

const TOKEN = 'provider-test-token-0123456789';
/** A codec that makes "stored encoded" visible. */
const secrets = { description: 'test codec', encode: (s: string) => `enc:${Buffer.from(s).toString('base64')}`, decode: (s: string) => Buffer.from(s.slice(4), 'base64').toString() };

let server: RunningTunnelServer;
const data = tempDir();
beforeAll(async () => {
  server = await startLoopbackHookbayTunnelServer({ tokens: [{ token: TOKEN }] });
});
afterAll(async () => {
  await server.close();
  data.remove();
});

const start = () => Hookbay.start({ dataDir: data.dir, receiverPort: 0 }, { tunnelTiming: FAST_TIMING, secrets });

it('provider hookbay: online with the token, which is stored encoded, never in the status, and redacted from logs', async () => {
  const app = await start();
  try {
    const api = contractClient(createHandlers(app));
    await api.setTunnel({ enabled: true, provider: 'hookbay', host: server.url, token: TOKEN, subdomain: 'with-token' });
    const online = await tunnelStatusWhere(app, (s) => s.state === 'online');
    expect(online).toMatchObject({ provider: 'hookbay', host: server.url, url: `http://with-token.localhost:${server.port}` });
    expect(JSON.stringify(online)).not.toContain(TOKEN);
    const saved = app.settings.get<Record<string, unknown>>(TUNNEL_SETTINGS_KEY)!;
    expect(saved.token).toBe(secrets.encode(TOKEN));
    expect([...app.secretValues()]).toContain(TOKEN);

    // Stop and start again from the UI, which does not have the token: the saved one is used.
    await api.setTunnel({ enabled: false });
    expect(app.settings.get<Record<string, unknown>>(TUNNEL_SETTINGS_KEY)).toMatchObject({ enabled: false, provider: 'hookbay', token: secrets.encode(TOKEN) });
    await api.setTunnel({ enabled: true, provider: 'hookbay', host: server.url, subdomain: 'with-token' });
    expect((await tunnelStatusWhere(app, (s) => s.state === 'online' || s.state === 'error')).state).toBe('online');
  } finally {
    await app.close();
  }
});

it('provider hookbay: a wrong token is an error that says so', async () => {
  const app = await start();
  try {
    const status = await app.tunnel.start({ enabled: true, provider: 'hookbay', host: server.url, token: 'wrong-token-0123456789' });
    expect(status.state).toBe('error');
    expect(status.reason).toMatch(/refused the tunnel: The access token is not valid/);
  } finally {
    await app.close();
  }
});

it('a tunnel setting with a provider comes back at the next launch, token decoded', async () => {
  const app = await start();
  try {
    await contractClient(createHandlers(app)).setTunnel({ enabled: true, provider: 'hookbay', host: server.url, token: TOKEN, subdomain: 'relaunched' });
    await tunnelStatusWhere(app, (s) => s.state === 'online');
  } finally {
    await app.close();
  }
  const again = await start();
  try {
    const online = await tunnelStatusWhere(again, (s) => s.state === 'online');
    expect(online.url).toBe(`http://relaunched.localhost:${server.port}`);
  } finally {
    await again.close();
  }
});
