import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { createHandlers } from '../../../src-main/core/service';
import { contractClient } from '../../support/app';
import { tunnelStatusWhere } from '../../support/hookbay-fixture';
import { tempDir } from '../../support/temp';
import { startTunnelServer, type LoopbackTunnelServer } from '../../support/tunnel-server';
import { PATIENT_TIMING } from '../tunnel/fast-timing';

let server: LoopbackTunnelServer;
/** One data directory for the whole file: the second test is the next launch of the first. */
const data = tempDir();
beforeAll(async () => {
  server = await startTunnelServer();
});
afterAll(async () => {
  await server.stop();
  data.remove();
});

const start = () => Hookbay.start({ dataDir: data.dir, receiverPort: 0 }, { tunnelTiming: PATIENT_TIMING });
/** Through the contract as the transports call it: zod-parsed input, checked output. */
const apiOf = (app: Hookbay) => contractClient(createHandlers(app));

it('setTunnel answers connecting at once, goes online, and endpoints get the public URL', async () => {
  const app = await start();
  try {
    const api = apiOf(app);
    const answer = await api.setTunnel({ enabled: true, host: server.host, subdomain: 'hookbay-service' });
    expect(answer.state).toBe('connecting');
    const online = await tunnelStatusWhere(app, (s) => s.state === 'online');
    expect(await api.getTunnel({})).toEqual(online);
    const endpoints = await api.listEndpoints({});
    expect(endpoints.find((e) => e.slug === 'default')!.publicUrl).toBe(`${online.url}/`);
  } finally {
    await app.close();
  }
});

it('rejects a subdomain the server would refuse, before asking it', async () => {
  const app = await start();
  try {
    await expect(apiOf(app).setTunnel({ enabled: true, subdomain: 'ab-' })).rejects.toMatchObject({ code: 'invalid_input' });
  } finally {
    await app.close();
  }
});

it('a tunnel turned on comes back at the next launch, with its URL history', async () => {
  const app = await start();
  try {
    const online = await tunnelStatusWhere(app, (s) => s.state === 'online');
    expect(online.url).toBe(`http://hookbay-service.localhost:${server.port}`);
    expect(online.history.map((h) => h.url)).toEqual([online.url]);
    expect(online.urlChanged).toBe(false);

    const off = await apiOf(app).setTunnel({ enabled: false });
    expect(off.state).toBe('off');
    expect(app.publicBaseUrl).toBeNull();
  } finally {
    await app.close();
  }
  const again = await start();
  try {
    await new Promise((r) => setTimeout(r, 200));
    expect(again.tunnel.status.state).toBe('off');
  } finally {
    await again.close();
  }
});
