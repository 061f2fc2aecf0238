import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process';
import { startTarget, type TargetServer } from '../support/target-server';
import { tempDir } from '../support/temp';
import { startTunnelServer, type LoopbackTunnelServer } from '../support/tunnel-server';

const tmp = tempDir();
let server: LoopbackTunnelServer;
let target: TargetServer;
beforeAll(async () => {
  [server, target] = await Promise.all([startTunnelServer(), startTarget()]);
});
afterAll(async () => {
  await Promise.all([server.stop(), target.close()]);
  tmp.remove();
});

describe('hookbay listen --tunnel', () => {
  it('prints the public URL once online and forwards what comes through it', async () => {
    const p = startCli(['listen', '--forward-to', String(target.port), '--tunnel', '--tunnel-host', server.host, '--subdomain', 'cli-listen-test', '--port', '0', '--ui-port', '0', '--data', tmp.dir]);
    try {
      const [, url] = await p.waitFor(/^Tunnel online: (\S+)$/m, 20_000);
      expect(url).toBe(`http://cli-listen-test.localhost:${server.port}`);
      const res = await server.request('cli-listen-test', { method: 'POST', path: '/via-tunnel', headers: { 'content-type': 'application/json' }, body: '{"type":"ping"}' });
      expect(res.status).toBe(200);
      await p.waitFor(/^--> POST \/via-tunnel {2}ping {2}\[unverified\] {2}#\d+$/m);
      await p.waitFor(new RegExp(`^<-- 200 http://localhost:${target.port}/via-tunnel`, 'm'));
    } finally {
      await p.stop();
    }
  });
});
