import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';

test('delete asks first, and a selection can be deleted at once', async ({ inspector: page, hookbay }) => {
  for (let i = 1; i <= 4; i++) await sendWebhook(`${hookbay.receiverUrl}/`, { headers: { 'Content-Type': 'application/json' }, body: `{"n":${i}}` });
  await expect(rows(page)).toHaveCount(4);

  await rows(page).first().click();
  await expect(page.getByTestId('detail-pane')).toHaveAttribute('data-detail-id', '4');
  await page.getByTestId('delete-request').click();
  const confirm = page.getByTestId('delete-confirm');
  await expect(confirm).toContainText('Delete #4 for good?');
  await confirm.getByRole('button', { name: 'Keep' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(rows(page)).toHaveCount(4);
  await page.getByTestId('delete-request').click();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(rows(page)).toHaveCount(3);

  // Bulk: tick two rows, delete them after one confirmation.
  await rows(page).nth(0).getByRole('checkbox').check();
  await rows(page).nth(1).getByRole('checkbox').check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Delete…' }).click();
  await expect(bar.getByTestId('bulk-delete-confirm')).toContainText('Delete 2 requests for good?');
  await bar.getByRole('button', { name: 'Delete 2' }).click();
  await expect(bar).toBeHidden();
  await expect(rows(page)).toHaveCount(1);
  const left = await hookbay.api<{ items: { id: number }[] }>('GET', '/api/requests');
  expect(left.items.map((r) => r.id)).toEqual([1]);
});
