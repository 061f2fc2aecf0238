import type { Page } from '@playwright/test';
import { expect, rows, test } from './fixtures';
import { seedDemo } from './seed';

/** Types a search and waits for the list the server answered with (count and rows agree). */
async function search(page: Page, text: string, expected: number) {
  const box = page.getByTestId('search-input');
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByTestId('result-count')).toHaveText(`${expected} request${expected === 1 ? '' : 's'}`);
  await expect(rows(page)).toHaveCount(expected);
}

test('search: wildcards, exact words, phrases and negation, with the syntax in the box’s help', async ({ inspector: page, hookbay }) => {
  await seedDemo(hookbay);
  await expect(rows(page)).toHaveCount(9);

  // A wildcard in a filter value, as routing rules accept.
  await search(page, 'event:invoice.*', 2);
  await expect(page.getByTestId('filter-chip')).toHaveText(/event invoice\.\*/);
  await expect(rows(page).getByTestId('event-type')).toHaveText(['invoice.payment_failed', 'invoice.paid']);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(rows(page)).toHaveCount(9);

  // Negation, written either way: everything but the valid ones.
  await search(page, '-sig:valid', 3);
  await expect(page.getByTestId('filter-chip')).toHaveText(/not signature valid/);
  await expect(rows(page).getByTestId('signature-badge')).toHaveText(['unverified', 'invalid', 'missing']);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await search(page, 'NOT sig:valid', 3);
  await page.getByRole('button', { name: 'Clear all' }).click();

  // Whole words, not prefixes, unless the user writes `*`.
  await search(page, 'refund', 0);
  await search(page, 'refund*', 1);
  // Quoted phrases match exactly, in order.
  await search(page, '"Hello from Twilio"', 1);
  await search(page, '"from Hello"', 0);
  // Text negation.
  await search(page, '4200', 3);
  await search(page, '4200 -refunded', 2);

  await page.getByTestId('search-help').click();
  await expect(page.getByTestId('search-help-panel')).toContainText('event:invoice.*');
  await expect(page.getByTestId('search-help-panel')).toContainText('-sig:valid');
  await page.keyboard.press('Escape');
});

test('search: a known key with a value it does not take is shown, not searched, with the CLI’s message', async ({ inspector: page, hookbay }) => {
  await seedDemo(hookbay);
  await expect(rows(page)).toHaveCount(9);
  const box = page.getByTestId('search-input');
  await box.fill('sig:weird');
  await box.press('Enter');
  // The same text as `hookbay requests sig:weird` (test/cli/filter-usage.test.ts).
  await expect(page.getByTestId('search-problem')).toHaveText(
    'sig:weird: expected one of valid, invalid, expired, missing, malformed, unverified; to search for the text, quote it: "sig:weird"',
  );
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  // Not searched: no text chip, the whole list still shown.
  await expect(page.getByTestId('filter-chips')).toHaveCount(0);
  await expect(rows(page)).toHaveCount(9);
  // Fixing it clears the message and filters.
  await search(page, 'sig:invalid', 1);
  await expect(page.getByTestId('search-problem')).toHaveCount(0);
});
