import { describe, expect, it } from 'vitest';
import type { Endpoint, HookbayBridge } from '@contract';
import { createEndpointsStore } from '../../src-renderer/src/stores/endpoints-store';
import { summary } from './fixtures';

const endpoint = (total: number): Endpoint =>
  ({ id: 'ep_default', name: 'Default', slug: 'default', builtIn: true, total, unread: total }) as unknown as Endpoint;

describe('endpoints store', () => {
  it('reads the counts again when captures were counted while a reload was in flight', async () => {
    let serverTotal = 0;
    let calls = 0;
    let release: () => void = () => {};
    const endpoints = createEndpointsStore({
      getInfo: async () => ({ version: 'x', receiverUrl: 'http://r', dataDir: '/d', secretStorage: 's', mode: 'headless' }),
      listEndpoints: async () => {
        calls++;
        const total = serverTotal; // counted when the query runs
        if (calls === 1) await new Promise<void>((r) => (release = r));
        return [endpoint(total)];
      },
    } as unknown as HookbayBridge);
    endpoints.setState({ endpoints: [endpoint(0)], info: null });
    const first = endpoints.load();
    // Two requests are captured after the server counted, before its answer arrived.
    serverTotal = 2;
    endpoints.countCaptured([summary(1), summary(2)]);
    release();
    await first;
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(2);
    expect(endpoints.getState().endpoints[0]!.total).toBe(2);
  });
});
