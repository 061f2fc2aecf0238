import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, rows, test } from './fixtures';
import { sendWebhook, type HookbayServer } from './hookbay-server';

/**
 * The bodies issue 11 measured killing or stalling the inspector, each sent as a sender would.
 * Each test opens the hostile body, expects its fallback or notice, then checks the rest of
 * the app still works by opening an ordinary request. `pageerror` fails every test (fixtures.ts),
 * so a blank app fails even where an assertion would not notice. No wall-clock assertions: a
 * view that stalls shows up as an expectation that times out.
 */

const NORMAL = JSON.stringify({ type: 'ordinary.event', data: { ok: true } });

/** Sends an ordinary request, then the hostile one (listed first, newest first). */
async function sendPair(hookbay: HookbayServer, page: Page, headers: Record<string, string>, body: string | Buffer): Promise<void> {
  const url = `${hookbay.receiverUrl}/`;
  await sendWebhook(url, { headers: { 'Content-Type': 'application/json' }, body: NORMAL });
  expect((await sendWebhook(url, { headers, body })).status).toBe(200);
  await expect(rows(page)).toHaveCount(2);
}

async function openBody(page: Page, row: number): Promise<void> {
  await rows(page).nth(row).click();
  await page.getByTestId('tab-body').click();
}

/** The app still answers: the ordinary request opens and shows its body. */
async function expectAppAlive(page: Page): Promise<void> {
  await openBody(page, 1);
  await expect(page.getByTestId('json-tree')).toContainText('ordinary.event');
  await expect(page.getByRole('navigation', { name: 'Endpoints' })).toBeVisible();
}

test('a gzip bomb is decoded up to a cap, with a sentence saying so', async ({ inspector: page, hookbay }) => {
  // One JSON string of 64 MB: inflated whole and drawn as a tree, it froze the inspector for 42 s.
  const json = Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(64 * 1024 * 1024, 'a'), Buffer.from('"}')]);
  const bomb = zlib.gzipSync(json, { level: 9 });
  expect(bomb.length).toBeLessThan(80 * 1024);
  await sendPair(hookbay, page, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, bomb);
  await openBody(page, 0);
  await expect(page.getByTestId('body-decode-note')).toContainText('decoded the first 10.0 MB of the gzip body; the rest is not shown');
  await expect(page.getByTestId('body-raw')).toContainText('{"pad":"aaaaaaaa');
  await expectAppAlive(page);
});

test('a 9 MB JSON string is clipped in the tree', async ({ inspector: page, hookbay }) => {
  await sendPair(hookbay, page, { 'Content-Type': 'application/json' }, `{"pad":"${'a'.repeat(9 * 1024 * 1024)}"}`);
  await openBody(page, 0);
  await expect(page.getByTestId('json-tree').getByTestId('clipped-more')).toHaveText(/… 9,435,184 more characters/);
  await expectAppAlive(page);
});

test('a wide JSON tree opens only its first rows by itself', async ({ inspector: page, hookbay }) => {
  // 200 × 200 arrays of 25 numbers (2 MB): opening every small branch took 139 s.
  const inner = `[${Array(25).fill('1').join(',')}]`;
  const wide = `[${Array(200).fill(`[${Array(200).fill(inner).join(',')}]`).join(',')}]`;
  await sendPair(hookbay, page, { 'Content-Type': 'application/json' }, wide);
  await openBody(page, 0);
  const tree = page.getByTestId('json-tree');
  await expect(tree.getByRole('button', { name: /25 items/ }).first()).toBeVisible();
  expect(await tree.locator('li').count()).toBeLessThan(3000);
  await expectAppAlive(page);
});

test('JSON nested 100,000 deep opens in Tree and falls back to raw text in Pretty', async ({ inspector: page, hookbay }) => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  await sendPair(hookbay, page, { 'Content-Type': 'application/json' }, deep);
  await openBody(page, 0);
  // The tree opens the first levels by itself and each deeper one on request.
  const tree = page.getByTestId('json-tree');
  await expect(tree.getByRole('button', { expanded: true })).toHaveCount(6);
  await tree.getByRole('button', { expanded: false }).click();
  await expect(tree.getByRole('button', { expanded: true })).toHaveCount(7);
  await expect(tree.getByRole('button', { expanded: false })).toHaveCount(1);
  await page.getByTestId('body-view-pretty').click();
  await expect(page.getByTestId('body-fallback')).toHaveText('Nested 100,000 levels deep: shown as raw text.');
  await expect(page.getByTestId('body-raw')).toContainText('[[[[');
  await expectAppAlive(page);
});

test('XML nested 200,000 deep falls back to raw text', async ({ inspector: page, hookbay }) => {
  const deep = '<a>'.repeat(200_000) + '</a>'.repeat(200_000);
  await sendPair(hookbay, page, { 'Content-Type': 'application/xml' }, deep);
  await openBody(page, 0);
  await expect(page.getByTestId('body-fallback')).toHaveText('Nested 200,000 levels deep: shown as raw text.');
  await expect(page.getByTestId('body-raw')).toContainText('<a><a><a>');
  await expectAppAlive(page);
});

test('391 KB of "<!--" is printed as one unterminated comment', async ({ inspector: page, hookbay }) => {
  await sendPair(hookbay, page, { 'Content-Type': 'text/xml' }, '<!--'.repeat(100_000));
  await openBody(page, 0);
  await expect(page.getByTestId('body-xml')).toContainText('<!--<!--<!--');
  await expect(page.getByTestId('view-note')).toHaveText('An unterminated comment starts at line 1, column 1: the rest is shown as it is.');
  await expectAppAlive(page);
});

test('a form of 100,000 fields shows the first page and a "show more"', async ({ inspector: page, hookbay }) => {
  const form = Array.from({ length: 100_000 }, (_, i) => `field${i}=value${i}`).join('&');
  await sendPair(hookbay, page, { 'Content-Type': 'application/x-www-form-urlencoded' }, form);
  await openBody(page, 0);
  const table = page.getByTestId('form-view');
  await expect(table).toContainText('value0');
  await expect(table.locator('tbody tr')).toHaveCount(500);
  await page.getByRole('button', { name: /Show 2,500 more \(99,500 left\)/ }).click();
  await expect(table.locator('tbody tr')).toHaveCount(3000);
  await expect(table).toContainText('value2999');
  await expectAppAlive(page);
});

test('a view that throws is contained, reported, and recovers', async ({ inspector: page, hookbay }) => {
  await sendPair(hookbay, page, { 'Content-Type': 'application/json' }, '{"hostile":true}');
  // Stands in for a bug in a view: the API answers this one request with a body that is not
  // base64, so decoding it throws while the Body tab renders (nothing in the real server does this).
  const hostileId = (await hookbay.api<{ items: { id: number }[] }>('GET', '/api/requests')).items[0]!.id;
  await page.route(`**/api/requests/${hostileId}`, async (route) => {
    const response = await route.fetch();
    const detail = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...detail, bodyBase64: '%not base64%' } });
  });
  await openBody(page, 0);
  const failed = page.getByTestId('view-failed');
  await expect(failed).toContainText('The Body tab failed');
  await expect(page.getByTestId('notices')).toContainText('The Body tab failed');
  // The rest of the detail still works…
  await page.getByTestId('tab-headers').click();
  await expect(page.getByTestId('headers-table')).toContainText('Content-Type');
  // …and so does everything else.
  await expectAppAlive(page);
  await page.unroute(`**/api/requests/${hostileId}`);
});
