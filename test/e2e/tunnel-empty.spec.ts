import { expect, test } from './fixtures';
import { HookbayServer } from './hookbay-server';

test('while the tunnel is on and failing, the empty list says so in plain words', async ({ page }) => {
  // `.invalid` never resolves (RFC 2606): the tunnel fails with ENOTFOUND, offline or not.
  const hookbay = await HookbayServer.start({ args: ['--tunnel', '--tunnel-host', 'http://tunnel.hookbay-e2e.invalid'] });
  try {
    await page.goto(hookbay.inspectorUrl);
    const hint = page.getByTestId('public-url-hint');
    await expect(hint).toContainText('The tunnel is on but not connected: could not resolve the tunnel server', { timeout: 20_000 });
    await expect(hint).toContainText('(offline or DNS)');
    await expect(hint).not.toContainText('start the tunnel');
  } finally {
    await hookbay.stop();
  }
});
