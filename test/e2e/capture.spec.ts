import crypto from 'node:crypto';
import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';

const SECRET = 'e2e-github-secret';
const sign = (body: string, secret = SECRET) => 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');

test('create an endpoint in the UI, with field errors shown in place', async ({ inspector: page, hookbay }) => {
  await page.getByTestId('new-endpoint').click();
  const editor = page.getByTestId('endpoint-editor');
  await editor.getByTestId('endpoint-name').fill('GitHub');
  await editor.getByTestId('endpoint-slug').fill('Not A Slug!');
  await editor.getByTestId('add-target').click();
  await editor.getByTestId('target-url-0').fill('not a url');
  await editor.getByTestId('endpoint-save').click();
  // Client-side validation from the contract's zod schema, next to each field.
  await expect(editor.locator('[data-field="slug"] .field-errors')).toContainText('lowercase');
  await expect(editor.locator('[data-field="forward.0.url"] .field-errors')).toBeVisible();

  // The server's own answer (a reserved slug) also lands next to the field.
  await editor.getByTestId('endpoint-slug').fill('default');
  await editor.getByRole('button', { name: 'Remove target' }).click();
  await editor.getByTestId('endpoint-save').click();
  await expect(editor.locator('[data-field="slug"] .field-errors')).toContainText('reserved');

  await editor.getByTestId('endpoint-slug').fill('github');
  await editor.getByTestId('endpoint-scheme').fill('github');
  await editor.getByTestId('endpoint-secret-0').fill(SECRET);
  await editor.getByTestId('endpoint-save').click();
  await expect(editor).toBeHidden();

  const item = page.locator('[data-testid="endpoint-item"][data-slug="github"]');
  await expect(item).toBeVisible();
  await expect(item.getByTestId('local-url')).toHaveText(`${hookbay.receiverUrl}/github`);
  await expect(page.getByTestId('empty-requests')).toContainText('Waiting for the first webhook');
  const endpoints = await hookbay.api<{ slug: string; verify: { scheme: string } | null }[]>('GET', '/api/endpoints');
  expect(endpoints.find((e) => e.slug === 'github')?.verify?.scheme).toBe('github');
});

test('signed and tampered requests appear live with their badges, and filters narrow the list', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'GitHub', slug: 'github', verify: { scheme: 'github', secrets: [SECRET] } });
  const url = `${hookbay.receiverUrl}/github`;
  const push = JSON.stringify({ ref: 'refs/heads/main', commits: [{ id: 'c1' }] });
  const issue = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Crash' } });
  const send = (event: string, body: string, signature: string | null, id: string) =>
    sendWebhook(url, {
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': event,
        'X-GitHub-Delivery': id,
        ...(signature ? { 'X-Hub-Signature-256': signature } : {}),
      },
      body,
    });

  // No reload between sends: rows must arrive over the live event stream.
  expect((await send('push', push, sign(push), 'd-1')).status).toBe(200);
  await expect(rows(page)).toHaveCount(1);
  await send('issues', issue, sign(issue), 'd-2');
  await send('push', push.replace('main', 'evil'), sign(push), 'd-3'); // body changed after signing
  await send('issues', issue, null, 'd-4');
  await send('push', push, sign(push), 'd-1'); // redelivery of d-1
  await expect(rows(page)).toHaveCount(5);
  await expect(page.getByTestId('result-count')).toHaveText('5 requests');
  await expect(page.locator('[data-testid="endpoint-item"][data-slug="github"]').getByTestId('endpoint-total')).toHaveText('5 total');
  await expect(page.locator('[data-testid="endpoint-item"][data-slug="github"]').getByTestId('unread-count')).toHaveText('5 unread');

  const first = rows(page).first();
  await expect(first.getByTestId('event-type')).toHaveText('push');
  await expect(first.getByTestId('duplicate-marker')).toBeVisible();

  const statuses = await rows(page).getByTestId('signature-badge').allTextContents();
  expect(statuses).toEqual(['valid', 'missing', 'invalid', 'valid', 'valid']);

  // Filter by event type from the facet menu: a chip appears, the list narrows.
  await page.getByTestId('filter-menu-event').click();
  await page.getByRole('listbox', { name: 'Event type' }).getByText('issues').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('filter-chip')).toHaveText(/event issues/);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('result-count')).toHaveText('2 requests');

  // Combine with a signature status typed as search syntax.
  await page.getByTestId('search-input').fill('sig:missing');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);
  await expect(rows(page)).toHaveCount(1);

  // A live request that does not match stays out; one that does comes in.
  await send('push', push, sign(push), 'd-5');
  await send('issues', issue, null, 'd-6');
  await expect(rows(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);
  await expect(rows(page)).toHaveCount(7);

  // Keyboard: "/" searches, arrows move the selection, the detail follows.
  // Wait on the loaded detail's id, not its text: "Loading #6…" contains "#6" too.
  await rows(page).first().click();
  await expect(page.getByTestId('detail-pane')).toHaveAttribute('data-detail-id', '7');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('detail-pane')).toHaveAttribute('data-detail-id', '6');
  // Enter moves into the detail's tabs; arrows switch tabs.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-overview')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-headers')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('headers-table')).toContainText('X-GitHub-Event');
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input')).toBeFocused();
});

test('the signature tab explains the verdict', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'GitHub', slug: 'github', verify: { scheme: 'github', secrets: [SECRET] } });
  const body = '{"zen":"Keep it logically awesome."}';
  await sendWebhook(`${hookbay.receiverUrl}/github`, {
    headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'ping', 'X-Hub-Signature-256': sign(body, 'wrong-secret') },
    body,
  });
  await rows(page).first().click();
  await page.getByTestId('tab-signature').click();
  await expect(page.getByTestId('signature-tab').getByTestId('signature-badge')).toHaveText('invalid');
  await expect(page.getByTestId('signature-reason')).not.toBeEmpty();
  await page.getByTestId('reverify').click();
  await expect(page.getByTestId('signature-tab').locator('.error-note')).toHaveCount(0);
});

test('send a signed test event from a seed provider template, then a tampered one', async ({ inspector: page, hookbay }) => {
  const samples = await hookbay.api<{ provider: string; scheme: string }[]>('GET', '/api/samples');
  const scheme = samples.find((s) => s.provider === 'sendpilot')?.scheme ?? samples[0]!.scheme;
  await hookbay.api('POST', '/api/endpoints', { name: 'SendPilot', slug: 'sendpilot', verify: { scheme, secrets: ['whsec_dGVzdC1zZW5kcGlsb3Qtc2VjcmV0'] } });
  const item = page.locator('[data-testid="endpoint-item"][data-slug="sendpilot"]');
  await item.getByRole('button', { name: 'Send test event' }).click();
  const dialog = page.getByTestId('test-event-dialog');
  await expect(dialog.getByTestId('test-event-signing')).toContainText('Signed with the endpoint’s secret');
  await dialog.getByTestId('test-event-send').click();
  await expect(dialog).toBeHidden();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().getByTestId('signature-badge')).toHaveText('valid');
  // The new request is selected and its detail open.
  await expect(page.getByTestId('detail-pane')).toContainText('/sendpilot');

  await page.getByTestId('open-test-event').click();
  await dialog.getByLabel('Tamper with the signature').check();
  await dialog.getByTestId('test-event-send').click();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first().getByTestId('signature-badge')).toHaveText('invalid');
});
