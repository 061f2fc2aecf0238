import { expect, rows, test } from './fixtures';
import { HookbayServer, sendWebhook } from './hookbay-server';

test('the inspector says when live updates are lost and catches up when the server is back', async ({ page }) => {
  let server = await HookbayServer.start();
  const uiPort = new URL(server.apiUrl).port;
  const receiverPort = new URL(server.receiverUrl).port;
  const dataDir = server.dataDir;
  try {
    await page.goto(server.inspectorUrl);
    await sendWebhook(`${server.receiverUrl}/`, { headers: { 'Content-Type': 'application/json' }, body: '{"type":"before.restart"}' });
    await expect(rows(page)).toHaveCount(1);

    await server.stop({ keepData: true });
    await expect(page.getByTestId('connection-status')).toContainText('Live updates lost');

    // Same ports and data directory, so the same token: the page reconnects by itself.
    server = await HookbayServer.start({ dataDir, args: ['--ui-port', uiPort, '--port', receiverPort] });
    await sendWebhook(`${server.receiverUrl}/`, { headers: { 'Content-Type': 'application/json' }, body: '{"type":"after.restart"}' });
    await expect(page.getByTestId('connection-status')).toHaveCount(0, { timeout: 20_000 });
    await expect(rows(page)).toHaveCount(2);
    await expect(rows(page).first().getByTestId('event-type')).toHaveText('after.restart');
  } finally {
    await server.stop();
  }
});
