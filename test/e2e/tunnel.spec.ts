import path from 'node:path';
import { spawnTunnelServerCli } from '../support/hookbay-tunnel-server';
import { rawRequest } from '../support/raw-http';
import { startTunnelServer } from '../support/tunnel-server';
import { expect, rows, test } from './fixtures';
import { HookbayServer } from './hookbay-server';

const CLI = path.resolve(__dirname, '../../out/main/cli.js');

test('the tunnel bar shows the public URL, endpoints get it, and it can be stopped and restarted', async ({ page }) => {
  const tunnelServer = await startTunnelServer();
  const hookbay = await HookbayServer.start({ args: ['--tunnel', '--tunnel-host', tunnelServer.host] });
  try {
    await page.goto(hookbay.inspectorUrl);
    const bar = page.getByTestId('tunnel-bar');
    await expect(bar.getByTestId('tunnel-state')).toHaveText('Online', { timeout: 20_000 });
    const url = (await bar.locator('.tunnel-url code').textContent())!;
    expect(url).toMatch(/^https?:\/\/[a-z0-9-]+\.localhost:\d+$/);
    await expect(page.locator('[data-testid="endpoint-item"][data-slug="default"]').getByTestId('public-url')).toHaveText(`${url}/`);

    // A request through the tunnel shows up marked as such.
    const id = new URL(url).hostname.split('.')[0]!;
    const res = await tunnelServer.request(id, { method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '{"type":"via.tunnel"}' });
    expect(res.status).toBe(200);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('tunnel');

    await bar.getByRole('button', { name: 'Stop tunnel' }).click();
    await expect(bar.getByTestId('tunnel-state')).toHaveText('Tunnel off');
    await expect(page.getByTestId('public-url')).toHaveCount(0);
    await bar.getByRole('button', { name: 'Start tunnel' }).click();
    await expect(bar.getByTestId('tunnel-state')).toHaveText('Online', { timeout: 20_000 });
  } finally {
    await hookbay.stop();
    await tunnelServer.stop();
  }
});

test('hookbay tunnel-server: the tunnel bar picks the provider, and a request through it arrives byte-exact', async ({ page }) => {
  const token = 'e2e-tunnel-token-0123456789';
  const server = await spawnTunnelServerCli(CLI, [], { HOOKBAY_TUNNEL_TOKEN: token });
  const hookbay = await HookbayServer.start();
  try {
    await page.goto(hookbay.inspectorUrl);
    const bar = page.getByTestId('tunnel-bar');
    await bar.getByLabel('Tunnel provider').selectOption('hookbay');
    await bar.getByLabel('Tunnel server URL').fill(server.url);
    await bar.getByLabel('Access token').fill(token);
    await bar.getByLabel('Requested subdomain').fill('e2e-bytes');
    await bar.getByRole('button', { name: 'Start tunnel' }).click();
    await expect(bar.getByTestId('tunnel-state')).toHaveText('Online', { timeout: 20_000 });
    await expect(bar.locator('.tunnel-url code')).toHaveText(`http://e2e-bytes.localhost:${server.port}`);
    await expect(bar.locator('.tunnel-provider')).toHaveText('Hookbay server');

    // Header case, order and duplicates as sent: the inspector shows them so.
    const raw = `POST /default/e2e HTTP/1.1\r\nX-Dup: 1\r\nHost: e2e-bytes.localhost:${server.port}\r\nx-dup: 2\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok`;
    expect((await rawRequest(server.port, raw)).status).toBe(200);
    await expect(rows(page)).toHaveCount(1);
    await rows(page).first().click();
    await page.getByRole('tab', { name: /^Headers/ }).click();
    await expect(page.getByText('X-Dup', { exact: true })).toBeVisible();
    await expect(page.getByText('x-dup', { exact: true })).toBeVisible();

    // Another provider that cannot work here says how to fix it.
    await bar.getByRole('button', { name: 'Stop tunnel' }).click();
    await expect(bar.getByTestId('tunnel-state')).toHaveText('Tunnel off');
    await bar.getByLabel('Tunnel provider').selectOption('cloudflared');
    await bar.getByRole('button', { name: 'Start tunnel' }).click();
    // Not installed here: an error naming the binary (where it is installed: reconnecting, offline).
    await expect(bar.getByTestId('tunnel-state')).toHaveText(/Tunnel error|Reconnecting/, { timeout: 20_000 });
    await expect(bar.locator('.tunnel-reason')).toContainText('cloudflared');
  } finally {
    await hookbay.stop();
    await server.stop();
  }
});
