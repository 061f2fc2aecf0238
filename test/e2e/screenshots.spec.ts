import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, rows, test } from './fixtures';
import { TargetServer } from './hookbay-server';
import { seedDemo } from './seed';

/**
 * Every run takes the screenshots (a broken view fails here); they replace the README's in
 * docs/screenshots only when asked, so a test run does not dirty the work tree:
 *   HOOKBAY_UPDATE_SCREENSHOTS=1 npx playwright test screenshots
 */
const OUT = path.resolve(__dirname, process.env.HOOKBAY_UPDATE_SCREENSHOTS ? '../../docs/screenshots' : '../../test-results/screenshots');

/** At 1440 px (the README's) and 1024 px, the narrowest laptop window the layout is checked at. */
const WIDTHS = [1440, 1024] as const;

for (const scheme of ['light', 'dark'] as const) for (const width of WIDTHS) {
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(OUT, width === 1440 ? `${scheme}-${name}.png` : `${scheme}-${width}-${name}.png`) });
  test(`screenshots of the main views (${scheme}, ${width} px)`, async ({ inspector: page, hookbay }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height: width === 1440 ? 860 : 768 });
    await expect(page.getByTestId('empty-requests')).toBeVisible();
    await shot(page, `first-run`);

    await seedDemo(hookbay);
    await expect(rows(page)).toHaveCount(9);
    await rows(page).nth(2).click();
    await page.getByTestId('tab-body').click();
    await expect(page.getByTestId('json-tree')).toBeVisible();
    await shot(page, `inspector`);

    // The Stripe invoice whose body changed after signing.
    await rows(page).nth(4).click();
    await page.getByTestId('tab-signature').click();
    await shot(page, `signature`);

    await page.getByTestId('filter-menu-event').click();
    await shot(page, `filters`);
    await page.keyboard.press('Escape');

    await page.locator('[data-testid="endpoint-item"][data-slug="stripe"]').getByTestId('edit-endpoint').click();
    await expect(page.getByTestId('endpoint-editor')).toBeVisible();
    await shot(page, `endpoint-editor`);
    await page.keyboard.press('Escape');

    await rows(page).nth(1).click();
    await page.getByTestId('edit-and-replay').click();
    await expect(page.getByTestId('replay-body')).toBeVisible();
    await shot(page, `edit-and-replay`);
    await page.keyboard.press('Escape');

    // Forwarding: one target that answers, one that is down; then a replay and its comparison.
    const target = await TargetServer.start();
    try {
      const stripe = (await hookbay.api<{ id: string; slug: string }[]>('GET', '/api/endpoints')).find((e) => e.slug === 'stripe')!;
      await hookbay.api('PATCH', `/api/endpoints/${stripe.id}`, {
        forward: [{ url: `${target.url}/webhooks/stripe`, pathMode: 'replace' }, { url: 'http://127.0.0.1:9/down', pathMode: 'replace' }],
        retry: { maxAttempts: 4, initialIntervalMs: 300, factor: 2, timeoutMs: 1000 },
      });
      await rows(page).nth(1).click();
      await page.getByTestId('replay-targets').click();
      await expect(rows(page)).toHaveCount(10);
      await page.getByTestId('tab-deliveries').click();
      await expect(page.getByTestId('delivery')).toHaveCount(2);
      await expect(page.getByTestId('delivery-attempt').nth(2)).toBeVisible();
      await page.getByTestId('delivery-attempt').first().locator('.attempt-line').click();
      await shot(page, `deliveries`);
      target.status = 422;
      target.responseBody = '{"error":"amount_mismatch","received":true}';
      await page.getByTestId('replay-targets').click();
      await expect(rows(page)).toHaveCount(11);
      await page.getByTestId('compare-responses').click();
      await expect(page.getByTestId('compare-view')).toBeVisible();
      await shot(page, `compare`);
      await page.keyboard.press('Escape');
    } finally {
      await target.close();
    }
  });
}
