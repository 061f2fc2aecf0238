import { startTunnelServer } from '../support/tunnel-server';
import { expect, rows, test } from './fixtures';
import { HookbayServer } from './hookbay-server';

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
