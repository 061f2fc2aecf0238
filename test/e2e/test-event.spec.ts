import { expect, rows, test } from './fixtures';

const SECRET = 'whsec_dGVzdC1zZW5kcGlsb3Qtc2VjcmV0';
/** Every scheme that can sign a test event: the common providers and the five seed providers. */
const SCHEMES = ['stripe', 'github', 'shopify', 'slack', 'standard-webhooks', 'svix', 'drippi', 'drip', 'sendpilot', 'dropcowboy', 'whippy'];

test('"Send test event" offers the endpoint’s own provider first, and its event verifies, for every signing scheme', async ({ inspector: page, hookbay }) => {
  for (const scheme of SCHEMES) {
    await hookbay.api('POST', '/api/endpoints', { name: scheme, slug: scheme, verify: { scheme, secrets: [SECRET] } });
  }
  const samples = await hookbay.api<{ provider: string; scheme: string; eventType: string }[]>('GET', '/api/samples');
  const dialog = page.getByTestId('test-event-dialog');
  for (const [i, scheme] of SCHEMES.entries()) {
    await page.locator(`[data-testid="endpoint-item"][data-slug="${scheme}"]`).getByRole('button', { name: 'Send test event' }).click();
    const own = samples.find((s) => s.scheme === scheme);
    expect(own, `a sample for ${scheme}`).toBeDefined();
    // The first group is the endpoint's own provider, and its first event is the one chosen.
    await expect(dialog.getByTestId('test-event-sample').locator('optgroup').first()).toHaveAttribute('label', own!.provider);
    await expect(dialog.getByTestId('test-event-sample')).toHaveValue(`${own!.provider}\u0000${own!.eventType}`);
    await expect(dialog.getByTestId('test-event-signing')).not.toContainText('this sample comes from');
    await dialog.getByTestId('test-event-send').click();
    await expect(dialog).toBeHidden();
    await expect(rows(page)).toHaveCount(i + 1);
    await expect(rows(page).first().getByTestId('signature-badge'), scheme).toHaveText('valid');
  }
});

test('an unsigned endpoint is not offered "Tamper with the signature"', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'Plain', slug: 'plain' });
  await page.locator('[data-testid="endpoint-item"][data-slug="plain"]').getByRole('button', { name: 'Send test event' }).click();
  const dialog = page.getByTestId('test-event-dialog');
  await expect(dialog.getByTestId('test-event-signing')).toContainText('Sent unsigned');
  await expect(dialog.getByLabel('Tamper with the signature')).toHaveCount(0);
  await dialog.getByTestId('test-event-send').click();
  await expect(rows(page)).toHaveCount(1);
});
