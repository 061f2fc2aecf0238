import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TunnelSettings } from '../../../src-main/contract/tunnel';
import { fieldIssues } from '../../../src-main/contract/common';
import { type ProviderError, redactHost } from '../../../src-main/core/tunnel/provider';
import { cloudflaredArgs, openCloudflared } from '../../../src-main/core/tunnel/providers/cloudflared';
import { describeNgrokError, loadNgrokSdk, ngrokAuthtoken } from '../../../src-main/core/tunnel/providers/ngrok';
import { register } from '../../../src-main/core/tunnel/registration';
import { startHookbay } from '../../support/hookbay-fixture';
import { tempDir } from '../../support/temp';
import { FAST_TIMING } from './fast-timing';

/**
 * ngrok and cloudflared need the internet to open a tunnel, which this machine does not have.
 * What runs without it is exercised for real: the SDK loads, settings are checked, a missing
 * authtoken or binary ends in `error` with the fix, and an unresolvable server says "DNS".
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hookbay() {
  const h = await startHookbay({ tunnelTiming: FAST_TIMING });
  cleanups.push(h.close);
  return h.app;
}

describe('tunnel settings per provider', () => {
  const issues = (input: unknown) => {
    const r = TunnelSettings.safeParse(input);
    return r.success ? [] : fieldIssues(r.error).map((i) => i.path);
  };
  it('names the field that does not fit the provider', () => {
    expect(issues({ enabled: true, provider: 'hookbay' })).toEqual(['host']);
    expect(issues({ enabled: true, provider: 'localtunnel', authtoken: 'x' })).toEqual(['authtoken']);
    expect(issues({ enabled: true, provider: 'ngrok', subdomain: 'abcdef' })).toEqual(['subdomain']);
    expect(issues({ enabled: true, provider: 'cloudflared', tunnelName: 'hooks' })).toEqual(['domain']);
    expect(issues({ enabled: true, provider: 'ngrok', domain: 'not a domain' })).toEqual(['domain']);
    expect(issues({ enabled: true, provider: 'carrier-pigeon' })).toEqual(['provider']);
    expect(issues({ enabled: true, provider: 'cloudflared', tunnelName: 'hooks', domain: 'hooks.example.com', binary: '/opt/cf' })).toEqual([]);
    expect(issues({ enabled: true })).toEqual([]);
  });
});

describe('ngrok', () => {
  it('loads the official SDK (its native library ships on npm)', async () => {
    const sdk = await loadNgrokSdk();
    expect(typeof sdk.forward).toBe('function');
  });

  it('takes the authtoken from the settings, else NGROK_AUTHTOKEN, else says where to put one', () => {
    expect(ngrokAuthtoken({ enabled: true, provider: 'ngrok', authtoken: 'from-settings' }, { NGROK_AUTHTOKEN: 'env' })).toBe('from-settings');
    expect(ngrokAuthtoken({ enabled: true, provider: 'ngrok' }, { NGROK_AUTHTOKEN: ' env ' })).toBe('env');
    expect(() => ngrokAuthtoken({ enabled: true, provider: 'ngrok' }, {})).toThrow(/ngrok needs an authtoken: set NGROK_AUTHTOKEN or enter it in the tunnel settings/);
  });

  it.each([
    [{ message: 'authentication failed: The authtoken you specified is invalid', errorCode: 'ERR_NGROK_105' }, /refused the authtoken \(ERR_NGROK_105\)/, false],
    [{ message: 'failed to connect: dns error: failed to lookup address information' }, /offline or DNS/, true],
    [{ message: 'domain foo.ngrok.app is reserved for another account', errorCode: 'ERR_NGROK_320' }, /refused the domain/, false],
    [{ message: 'something else entirely' }, /ngrok could not open the tunnel: something else entirely/, true],
  ])('describes SDK failure %j with its fix', (err, message, retryable) => {
    const described = describeNgrokError(err);
    expect(described.message).toMatch(message);
    expect(described.retryable).toBe(retryable);
  });

  it('without an authtoken the tunnel ends in error naming the fix, and nothing stays open', async () => {
    const saved = process.env.NGROK_AUTHTOKEN;
    delete process.env.NGROK_AUTHTOKEN;
    cleanups.push(() => {
      if (saved !== undefined) process.env.NGROK_AUTHTOKEN = saved;
    });
    const app = await hookbay();
    const status = await app.tunnel.start({ enabled: true, provider: 'ngrok' });
    expect(status).toMatchObject({ state: 'error', provider: 'ngrok', host: 'ngrok' });
    expect(status.reason).toMatch(/NGROK_AUTHTOKEN/);
  });

  it('with an authtoken but no internet, reconnects with a reason (the SDK really tries)', async () => {
    const app = await hookbay();
    const status = await app.tunnel.start({ enabled: true, provider: 'ngrok', authtoken: 'offline-test-token' });
    expect(status.state).toBe('reconnecting');
    // No internet here: the SDK's server does not resolve, which is what the reason says.
    expect(status.reason).toBe('Could not resolve the tunnel server (ngrok: connect.ngrok-agent.com) (offline or DNS).');
    expect(status.reason).not.toContain('offline-test-token');
    await app.tunnel.stop();
  }, 40_000);
});

describe('cloudflared', () => {
  it('runs a quick tunnel, or a named one from the user config, to the ingress', () => {
    const ingress = { host: '127.0.0.1', port: 4321 };
    expect(cloudflaredArgs({ enabled: true, provider: 'cloudflared' }, ingress)).toEqual(['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:4321']);
    expect(cloudflaredArgs({ enabled: true, provider: 'cloudflared', tunnelName: 'hooks', domain: 'h.example.com' }, { host: '::1', port: 1 })).toEqual([
      'tunnel', '--no-autoupdate', 'run', '--url', 'http://[::1]:1', 'hooks',
    ]);
  });

  it('says the binary is missing (on PATH or at the configured path), and ends in error', async () => {
    const app = await hookbay();
    const onPath = await app.tunnel.start({ enabled: true, provider: 'cloudflared' });
    if (onPath.state === 'error') expect(onPath.reason).toMatch(/cloudflared was not found \(looked for "cloudflared" on PATH\): install it/);
    const configured = await app.tunnel.start({ enabled: true, provider: 'cloudflared', binary: '/nonexistent/cloudflared' });
    expect(configured).toMatchObject({ state: 'error', provider: 'cloudflared', host: 'cloudflared (quick tunnel)' });
    expect(configured.reason).toMatch(/cloudflared was not found \(looked for "\/nonexistent\/cloudflared"\)/);
  });

  it('says a binary that is not executable is not', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const file = path.join(tmp.dir, 'cloudflared');
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
    const err = await openCloudflared({ enabled: true, provider: 'cloudflared', binary: file }, { host: '127.0.0.1', port: 1 }, 2000, new AbortController().signal).catch((e: ProviderError) => e);
    expect((err as ProviderError).message).toMatch(/is not executable/);
    expect((err as ProviderError).retryable).toBe(false);
  });
});

describe('errors that name the fix', () => {
  it('an unresolvable tunnel server says offline or DNS', async () => {
    const err = await register('https://no-such-server.invalid', null, 5000).catch((e: Error) => e);
    expect((err as Error).message).toBe('Could not resolve the tunnel server no-such-server.invalid (offline or DNS).');
  });

  it('never shows a token written into the host URL', () => {
    expect(redactHost('https://user:pw@tunnels.example.com/t/secret-token-123')).toBe('https://tunnels.example.com/t/redacted');
    expect(redactHost('https://tunnels.example.com')).toBe('https://tunnels.example.com');
  });
});

describe('cloudflared that cannot reach Cloudflare', () => {
  it('says offline or DNS when the quick-tunnel server does not resolve', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    // A real executable that fails as cloudflared does offline (exits without a tunnel).
    const file = path.join(tmp.dir, 'cloudflared');
    fs.writeFileSync(file, '#!/bin/sh\necho "ERR failed to request quick Tunnel" >&2\nexit 1\n', { mode: 0o755 });
    const err = await openCloudflared({ enabled: true, provider: 'cloudflared', binary: file }, { host: '127.0.0.1', port: 1 }, 5000, new AbortController().signal).catch((e: ProviderError) => e);
    expect((err as ProviderError).message).toMatch(/offline or DNS|exited \(code 1\) before the tunnel was up: failed to request quick Tunnel/);
    expect((err as ProviderError).retryable).toBe(true);
  });
});
