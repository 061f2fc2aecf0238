import { expect, rows, test } from './fixtures';
import { sendWebhook, TargetServer } from './hookbay-server';

test('edit and replay to a local target, then see the new delivery', async ({ inspector: page, hookbay }) => {
  const target = await TargetServer.start();
  try {
    await hookbay.api('POST', '/api/endpoints', { name: 'Shop', slug: 'shop', forward: [{ url: `${target.url}/hooks`, pathMode: 'replace' }] });
    await sendWebhook(`${hookbay.receiverUrl}/shop`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'order.created', id: 'evt_1', total: 10 }),
    });
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first().getByTestId('delivery-badge')).toHaveText('delivered');
    await expect.poll(() => target.received.length).toBe(1);

    await rows(page).first().click();
    await page.getByTestId('tab-deliveries').click();
    await expect(page.getByTestId('delivery')).toHaveCount(1);
    await expect(page.getByTestId('delivery-state')).toHaveText('delivered');

    await page.getByTestId('edit-and-replay').click();
    const editor = page.getByTestId('replay-editor');
    const body = editor.getByTestId('replay-body');
    await body.fill('{"type":"order.created","id":"evt_1",');
    await expect(editor.getByTestId('json-error')).toContainText('Invalid JSON');
    await body.fill('{"type":"order.created","id":"evt_1","total":99}');
    await expect(editor.getByTestId('json-error')).toHaveCount(0);
    await editor.getByTestId('replay-method').fill('PUT');
    await editor.getByTestId('replay-url').fill('not a url');
    await editor.getByTestId('replay-send').click();
    await expect(editor.locator('.field-errors').first()).toBeVisible();
    await editor.getByTestId('replay-url').fill('');
    await editor.getByTestId('replay-send').click();
    await expect(editor).toBeHidden();

    // The replay is a new request, linked to its original, delivered to the target with the edited body.
    await expect(rows(page)).toHaveCount(2);
    await expect(rows(page).first().getByTestId('replay-marker')).toHaveText('↻ #1');
    await expect.poll(() => target.received.length).toBe(2);
    expect(target.received[1]!.method).toBe('PUT');
    expect(JSON.parse(target.received[1]!.body)).toMatchObject({ total: 99 });
    await expect(page.getByTestId('detail-pane')).toContainText('Replay of');
    await page.getByTestId('tab-deliveries').click();
    await expect(page.getByTestId('delivery-state')).toHaveText('delivered');

    // Compare the target's answers to the original and the replay.
    target.status = 500;
    await page.getByTestId('compare-responses').click();
    await expect(page.getByTestId('compare-view')).toBeVisible();
  } finally {
    await target.close();
  }
});

test('a failing target shows retries and can be retried now', async ({ inspector: page, hookbay }) => {
  const target = await TargetServer.start();
  target.status = 503;
  try {
    await hookbay.api('POST', '/api/endpoints', {
      name: 'Flaky',
      slug: 'flaky',
      forward: [{ url: target.url }],
      retry: { maxAttempts: 2, initialIntervalMs: 200, factor: 1 },
    });
    await sendWebhook(`${hookbay.receiverUrl}/flaky`, { headers: { 'Content-Type': 'application/json' }, body: '{"type":"x"}' });
    await expect(rows(page).first().getByTestId('delivery-badge')).toHaveText('failed', { timeout: 15_000 });
    await rows(page).first().click();
    await page.getByTestId('tab-deliveries').click();
    await expect(page.getByTestId('delivery-attempt')).toHaveCount(2);
    target.status = 200;
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(page.getByTestId('delivery-state')).toHaveText('delivered');
  } finally {
    await target.close();
  }
});

test('bulk replay of a selection to another URL', async ({ inspector: page, hookbay }) => {
  const target = await TargetServer.start();
  try {
    for (let i = 1; i <= 3; i++) {
      await sendWebhook(`${hookbay.receiverUrl}/`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'bulk.test', n: i }) });
    }
    await expect(rows(page)).toHaveCount(3);
    // Click one row, shift-click another: both and everything between are ticked.
    await rows(page).nth(0).click();
    await rows(page).nth(1).click({ modifiers: ['Shift'] });
    const bar = page.getByTestId('bulk-bar');
    await expect(bar).toContainText('2 selected');
    await bar.getByLabel('Replay selection to URL').fill(`${target.url}/bulk`);
    await bar.getByRole('button', { name: 'Replay to URL' }).click();
    await expect(bar).toBeHidden();
    await expect.poll(() => target.received.length).toBe(2);
    expect(target.received.map((r) => r.url)).toEqual(['/bulk', '/bulk']);
    await expect(rows(page)).toHaveCount(5);
    await expect(page.getByTestId('replay-marker')).toHaveCount(2);
  } finally {
    await target.close();
  }
});
