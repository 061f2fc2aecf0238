import { describe, expect, it } from 'vitest';
import type { HookbayBridge, TunnelStatus } from '@contract';
import { createTunnelStore } from '../../src-renderer/src/stores/tunnel-store';

const status = (state: TunnelStatus['state']): TunnelStatus => ({ state, url: state === 'online' ? 'https://x.example' : null, requestedSubdomain: null, host: 'h', urlChanged: false, history: [] });

describe('tunnel store', () => {
  it('does not let a late answer overwrite a newer pushed status', async () => {
    let answer: (s: TunnelStatus) => void = () => {};
    const tunnel = createTunnelStore({ setTunnel: () => new Promise<TunnelStatus>((r) => (answer = r)) } as unknown as HookbayBridge);
    const call = tunnel.set({ enabled: true });
    tunnel.apply(status('online'));
    answer(status('connecting'));
    await call;
    expect(tunnel.getState().status?.state).toBe('online');
    expect(tunnel.getState().busy).toBe(false);
  });
});
