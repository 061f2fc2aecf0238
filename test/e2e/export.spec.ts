import fs from 'node:fs';
import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';

interface Har {
  log: { version: string; creator: { name: string }; entries: { request: { method: string; url: string; postData?: { text?: string } } }[] };
}

test('export the list as HAR, and import it back', async ({ inspector: page, hookbay }) => {
  for (let i = 1; i <= 3; i++) {
    await sendWebhook(`${hookbay.receiverUrl}/`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'test.event', id: `evt_${i}`, n: i }) });
  }
  await expect(rows(page)).toHaveCount(3);

  // The ticked rows only.
  await rows(page).nth(0).locator('.row-check').check();
  await rows(page).nth(2).locator('.row-check').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Export HAR' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^hookbay-.*\.har$/);
  const har = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as Har;
  expect(har.log.version).toBe('1.2');
  expect(har.log.entries).toHaveLength(2);
  for (const e of har.log.entries) {
    expect(e.request.method).toBe('POST');
    expect(e.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  }

  // Everything matching the filter, from the toolbar menu.
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Clear selection' }).click();
  await page.getByTestId('transfer-menu').click();
  const all = page.waitForEvent('download');
  await page.getByTestId('export-har').click();
  const allHar = JSON.parse(fs.readFileSync((await (await all).path())!, 'utf8')) as Har;
  expect(allHar.log.entries).toHaveLength(3);

  // Import: the requests come back as new, marked imported.
  const file = test.info().outputPath('export.har');
  fs.writeFileSync(file, JSON.stringify(allHar));
  await page.getByTestId('import-har-input').setInputFiles(file);
  await expect(rows(page)).toHaveCount(6);
  await expect(page.getByTestId('notices')).toContainText('Imported 3 requests');
  // The import reads as one: its rows are selected together and marked "imported" only,
  // not "dup" (an import repeats its originals' event ids on purpose).
  await expect(page.getByTestId('bulk-bar')).toContainText('3 selected');
  const imported = rows(page).filter({ has: page.getByTestId('via-marker').filter({ hasText: 'imported' }) });
  await expect(imported).toHaveCount(3);
  await expect(imported.locator('.row-check:checked')).toHaveCount(3);
  await expect(imported.getByTestId('duplicate-marker')).toHaveCount(0);
});
