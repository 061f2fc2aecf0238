import fs from 'node:fs';
import zlib from 'node:zlib';
import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';

test('body viewers follow the content type', async ({ inspector: page, hookbay, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const url = `${hookbay.receiverUrl}/`;
  await sendWebhook(url, { headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) });
  await sendWebhook(url, { headers: { 'Content-Type': 'text/xml' }, body: '<?xml version="1.0"?><Response><Message>Hi</Message></Response>' });
  await sendWebhook(url, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'MessageSid=SM1&Body=Hello+there&To=%2B15555550100' });
  await sendWebhook(url, {
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: zlib.gzipSync('{"type":"gzipped.event","n":1}'),
  });
  await sendWebhook(url, {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'invoice.paid', data: { object: { id: 'in_1', amount_due: 4200, lines: [1, 2, 3] } } }),
  });
  await expect(rows(page)).toHaveCount(5);

  // JSON: tree by default, then pretty, raw and hex.
  await rows(page).nth(0).click();
  await page.getByTestId('tab-body').click();
  const tree = page.getByTestId('json-tree');
  await expect(tree).toContainText('invoice.paid');
  await expect(tree).toContainText('amount_due');
  await page.getByTestId('body-view-pretty').click();
  await expect(page.getByTestId('body-pretty')).toContainText('"amount_due": 4200');
  await page.getByTestId('body-view-raw').click();
  await expect(page.getByTestId('body-raw')).toHaveText(/^\{"type":"invoice.paid"/);
  await page.getByTestId('body-view-hex').click();
  await expect(page.getByTestId('hex-view')).toContainText('7b 22 74 79');

  // Copy as cURL: from the server when it can, else built in the page.
  await page.getByRole('button', { name: 'Copy as cURL' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toMatch(/^curl /);
  expect(curl).toContain('invoice.paid');
  // Each flag stays on one line with its value, so a line can be edited or deleted alone.
  expect(curl).toMatch(/^ {2}-X 'POST' \\$/m);
  expect(curl).toMatch(/^ {2}-H 'Content-Type: application\/json' \\$/m);
  expect(curl).toMatch(/^ {2}--data-binary '\{"type"/m);
  expect(curl.split('\n').filter((line) => /^\s*(-X|-H|--data-binary)\s*\\?$/.test(line))).toEqual([]);

  // gzip is undone in the browser.
  await rows(page).nth(1).click();
  await expect(page.getByTestId('json-tree')).toContainText('gzipped.event');
  await expect(page.getByTestId('detail-pane')).toContainText('decoded from gzip');

  // Form fields, in order, decoded.
  await rows(page).nth(2).click();
  await expect(page.getByTestId('form-view')).toContainText('Hello there');
  await expect(page.getByTestId('form-view')).toContainText('+15555550100');

  // XML, indented.
  await rows(page).nth(3).click();
  await expect(page.getByTestId('body-xml')).toContainText('<Response>\n  <Message>Hi</Message>\n</Response>');

  // Binary: hex first.
  await rows(page).nth(4).click();
  await expect(page.getByTestId('hex-view')).toContainText('00 01 02 ff fe 89 50 4e');
  await expect(page.getByTestId('hex-view')).toContainText('.PNG');
  // Save writes the exact bytes.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = fs.readFileSync((await (await download).path())!);
  expect([...saved]).toEqual([0, 1, 2, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0, 0, 0]);

  // Headers keep their order and case.
  await page.getByTestId('tab-headers').click();
  await expect(page.getByTestId('headers-table').locator('tr').first()).toContainText('Content-Type');
});
