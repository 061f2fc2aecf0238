import type { Page } from '@playwright/test';
import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';

/** Where the browser wrapped an element's text: the index of each line's first character. */
function lineStarts(page: Page, selector: string): Promise<{ text: string; starts: number[] }> {
  return page.locator(selector).first().evaluate((el) => {
    const text = el.textContent ?? '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops: number[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent!.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        tops.push(Math.round(range.getBoundingClientRect().top));
      }
    }
    const starts = tops.flatMap((top, i) => (i > 0 && top > tops[i - 1]! ? [i] : []));
    return { text, starts };
  });
}

for (const width of [1440, 1024]) {
  test(`sidebar URLs wrap only before a port or path segment at ${width} px`, async ({ inspector: page, hookbay }) => {
    await page.setViewportSize({ width, height: 800 });
    await hookbay.api('POST', '/api/endpoints', { name: 'Stripe', slug: 'stripe' });
    await hookbay.api('POST', '/api/endpoints', { name: 'Payments', slug: 'payments-production-eu-west' });
    for (const slug of ['stripe', 'payments-production-eu-west']) {
      const selector = `[data-testid="endpoint-item"][data-slug="${slug}"] [data-testid="local-url"]`;
      await expect(page.locator(selector)).toHaveText(`${hookbay.receiverUrl}/${slug}`);
      const { text, starts } = await lineStarts(page, selector);
      for (const at of starts) expect(`${text.slice(0, at)}|${text.slice(at)}`).toMatch(/\|[/:]|:\/\/\||-\|/);
    }
  });
}

test('endpoint counts are labelled, and viewing "All requests" counts them read', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'Stripe', slug: 'stripe' });
  await hookbay.api('POST', '/api/endpoints', { name: 'GitHub', slug: 'github' });
  for (let i = 0; i < 3; i++) await sendWebhook(`${hookbay.receiverUrl}/stripe`, { headers: { 'Content-Type': 'application/json' }, body: `{"n":${i}}` });
  await expect(rows(page)).toHaveCount(3);
  const stripe = page.locator('[data-testid="endpoint-item"][data-slug="stripe"]');
  await expect(stripe.locator('.endpoint-counts')).toHaveText('3 total · 3 unread');

  await page.locator('[data-testid="endpoint-item"][data-slug="github"]').getByRole('button', { name: /GitHub/ }).click();
  await expect(rows(page)).toHaveCount(0);
  await expect(stripe.locator('.endpoint-counts')).toHaveText('3 total · 3 unread');
  await page.getByRole('button', { name: /All requests/ }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(stripe.locator('.endpoint-counts')).toHaveText('3 total');
  // The server agrees: a reload still shows them read.
  await expect.poll(async () => (await hookbay.api<{ slug: string; unread: number }[]>('GET', '/api/endpoints')).find((e) => e.slug === 'stripe')!.unread).toBe(0);
});
