import type { Locator } from '@playwright/test';
import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';

/** How far `inner` sticks out of `outer` (px, 0 when inside), and whether `inner` clips its own content. */
async function overflow(inner: Locator, outer: Locator): Promise<{ outside: number; clipsOwnText: boolean }> {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  const clipsOwnText = await inner.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  return { outside: Math.max(0, Math.round(a.x + a.width - (b.x + b.width)), Math.round(b.x - a.x)), clipsOwnText };
}

test.use({ viewport: { width: 1024, height: 768 } });

test('at 1024 px: delivery badges, path markers and long attempt errors stay inside their boxes', async ({ inspector: page, hookbay }) => {
  // A target that cannot be resolved: a long error, and a delivery that keeps retrying.
  const host = `${'unreachable-target-host-name-for-the-layout-test'.repeat(1)}.${'x'.repeat(40)}.invalid`;
  await hookbay.api('POST', '/api/endpoints', {
    name: 'Orders',
    slug: 'orders',
    forward: [{ url: `http://${host}/hooks` }],
    retry: { maxAttempts: 5, initialIntervalMs: 600_000, factor: 1 },
  });
  const body = JSON.stringify({ type: 'order.created', id: 'evt_dup_1' });
  const path = `${hookbay.receiverUrl}/orders/v1/accounts/acct_1234567890/orders/created`;
  await sendWebhook(path, { headers: { 'Content-Type': 'application/json', 'X-Event-Id': 'evt_dup_1' }, body });
  await sendWebhook(path, { headers: { 'Content-Type': 'application/json', 'X-Event-Id': 'evt_dup_1' }, body });
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first().getByTestId('delivery-badge')).toHaveText('retrying', { timeout: 15_000 });

  const row = rows(page).first();
  const badge = row.getByTestId('delivery-badge');
  expect(await overflow(badge, row.locator('.cell-delivery'))).toEqual({ outside: 0, clipsOwnText: false });
  const marker = row.getByTestId('duplicate-marker');
  await expect(marker).toBeVisible();
  expect(await overflow(marker, row.locator('.cell-path'))).toEqual({ outside: 0, clipsOwnText: false });
  // The path keeps a readable share of its cell next to its markers.
  const pathBox = (await row.locator('.path-text').boundingBox())!;
  const cellBox = (await row.locator('.cell-path').boundingBox())!;
  expect(pathBox.width).toBeGreaterThan(cellBox.width * 0.4);

  await row.click();
  await page.getByTestId('tab-deliveries').click();
  const error = page.locator('.attempt-error').first();
  await expect(error).toContainText(host.slice(0, 20));
  expect(await overflow(error, page.getByTestId('delivery').first())).toEqual({ outside: 0, clipsOwnText: false });
});
