import { afterAll, beforeAll, expect, it } from 'vitest';
import { benchTunnel } from './tunnel';
import { startLoopbackHookbayTunnelServer } from '../test/support/hookbay-tunnel-server';
import { startTunnelServer, type LoopbackTunnelServer } from '../test/support/tunnel-server';

let server: LoopbackTunnelServer;
beforeAll(async () => {
  server = await startTunnelServer();
});
afterAll(async () => {
  await server.stop();
});

it('measures the tunnel against the direct path in one run (small N; npm run bench runs more)', async () => {
  const result = await benchTunnel({ tunnelHost: server.host, requests: 200, concurrency: 4, bodyBytes: 2048 });
  console.log(JSON.stringify(result));
  for (const side of [result.direct, result.tunnel]) {
    expect(side.p50Ms).toBeGreaterThan(0);
    expect(side.p99Ms).toBeGreaterThanOrEqual(side.p50Ms);
    expect(side.requestsPerSecond).toBeGreaterThan(0);
  }
  expect(result.ratio.p50).toBeGreaterThan(0);
});

it('measures hookbay tunnel-server the same way', async () => {
  const own = await startLoopbackHookbayTunnelServer();
  try {
    const result = await benchTunnel({ tunnelHost: own.url, requests: 200, concurrency: 4, bodyBytes: 2048 });
    console.log(JSON.stringify(result));
    expect(result.tunnel.requestsPerSecond).toBeGreaterThan(0);
    expect(result.ratio.p50).toBeGreaterThan(0);
  } finally {
    await own.close();
  }
});
