import { expect, rows, test } from './fixtures';
import { sendWebhook, TargetServer } from './hookbay-server';

interface Listed {
  items: { id: number; path: string; replayOf: number | null }[];
}

test('an unedited edit-and-replay reaches exactly what plain Replay reaches, and says where first', async ({ inspector: page, hookbay }) => {
  const target = await TargetServer.start();
  try {
    await hookbay.api('POST', '/api/endpoints', { name: 'Relay', slug: 'relay', forward: [{ url: `${target.url}/flaky` }] });
    await sendWebhook(`${hookbay.receiverUrl}/relay?attempt=1`, { headers: { 'Content-Type': 'application/json' }, body: '{"type":"order.created"}' });
    await expect.poll(() => target.received.length).toBe(1);
    await expect(rows(page)).toHaveCount(1);
    await rows(page).first().click();

    await page.getByTestId('replay-targets').click();
    await expect.poll(() => target.received.length).toBe(2);
    await expect(rows(page)).toHaveCount(2);

    await rows(page).last().click();
    await expect(page.getByTestId('detail-pane')).toContainText('#1');
    await page.getByTestId('edit-and-replay').click();
    const editor = page.getByTestId('replay-editor');
    // The field shows the path after the slug and, below it, the final URL per target.
    await expect(editor.getByTestId('replay-path')).toHaveValue('/?attempt=1');
    await expect(editor.getByTestId('replay-final-url')).toHaveText([`${target.url}/flaky?attempt=1`]);
    await editor.getByTestId('replay-send').click();
    await expect(editor).toBeHidden();
    await expect.poll(() => target.received.length).toBe(3);

    const [original, plain, edited] = target.received.map((r) => r.url);
    expect(original).toBe('/flaky?attempt=1');
    expect(plain).toBe(original);
    expect(edited).toBe(plain);
    const listed = await hookbay.api<Listed>('GET', '/api/requests');
    expect(listed.items.map((r) => r.path)).toEqual(['/relay', '/relay', '/relay']);

    // An edited path is shown, sent and stored under the endpoint.
    await rows(page).last().click();
    await page.getByTestId('edit-and-replay').click();
    await editor.getByTestId('replay-path').fill('/invoices/7');
    await expect(editor.getByTestId('replay-final-url')).toHaveText([`${target.url}/flaky/invoices/7`]);
    await editor.getByTestId('replay-send').click();
    await expect.poll(() => target.received.length).toBe(4);
    expect(target.received[3]!.url).toBe('/flaky/invoices/7');
    const after = await hookbay.api<Listed>('GET', '/api/requests');
    expect(after.items[0]!.path).toBe('/relay/invoices/7');
  } finally {
    await target.close();
  }
});
