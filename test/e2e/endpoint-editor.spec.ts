import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Listed {
  slug: string;
  verify: { scheme: string; secrets: string[]; toleranceSec?: number | null } | null;
}

const openEditor = async (page: Page, slug: string) => {
  await page.locator(`[data-testid="endpoint-item"][data-slug="${slug}"]`).getByTestId('edit-endpoint').click();
  return page.getByTestId('endpoint-editor');
};

test('the editor can carry out the verdicts’ advice: tolerance "ignore", visible whitespace with Trim', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'Stripe', slug: 'stripe', verify: { scheme: 'stripe', secrets: ['whsec_abc123\n'] } });
  const editor = await openEditor(page, 'stripe');
  // A pasted newline cannot show in a text box: it is drawn, masked until shown.
  await expect(editor.getByTestId('secret-whitespace-0')).toContainText('⏎');
  await editor.getByRole('button', { name: 'Show' }).click();
  await expect(editor.getByTestId('secret-whitespace-0').locator('code')).toHaveText('whsec_abc123⏎');
  await editor.getByTestId('secret-trim-0').click();
  await expect(editor.getByTestId('secret-whitespace-0')).toHaveCount(0);
  // The tolerance offers "ignore", as the expired verdict advises.
  await editor.getByTestId('endpoint-tolerance-mode').selectOption({ label: 'ignore (verify old requests)' });
  await editor.getByTestId('endpoint-save').click();
  await expect(editor).toBeHidden();
  const saved = (await hookbay.api<Listed[]>('GET', '/api/endpoints')).find((e) => e.slug === 'stripe')!;
  expect(saved.verify).toMatchObject({ secrets: ['whsec_abc123'], toleranceSec: null });

  // Reopened, it still reads "ignore"; seconds can be typed too.
  const again = await openEditor(page, 'stripe');
  await expect(again.getByTestId('endpoint-tolerance-mode')).toHaveValue('ignore');
  await again.getByTestId('endpoint-tolerance-mode').selectOption('seconds');
  await again.getByTestId('endpoint-tolerance').fill('600');
  await again.getByTestId('endpoint-save').click();
  await expect(again).toBeHidden();
  expect((await hookbay.api<Listed[]>('GET', '/api/endpoints')).find((e) => e.slug === 'stripe')!.verify!.toleranceSec).toBe(600);
});

test('the scheme is a searchable, case-insensitive picker with custom and auto', async ({ inspector: page, hookbay }) => {
  await page.getByTestId('new-endpoint').click();
  const editor = page.getByTestId('endpoint-editor');
  await editor.getByTestId('endpoint-name').fill('Payments');
  const scheme = editor.getByTestId('endpoint-scheme');
  await scheme.fill('standard web');
  await expect(editor.getByTestId('scheme-options').getByRole('option')).toHaveText([/Standard Webhooks\s*standard-webhooks/]);
  await scheme.fill('cust');
  await expect(editor.getByTestId('scheme-options')).toContainText('custom');
  await scheme.fill('AUTO');
  await expect(editor.getByTestId('scheme-options').getByRole('option').first()).toContainText('auto');
  // Typed in the provider's own spelling, saved as the scheme id.
  await scheme.fill('Stripe');
  await expect(editor.getByTestId('scheme-options').getByRole('option').first()).toContainText('Stripe');
  await editor.getByTestId('endpoint-secret-0').fill('whsec_x');
  await editor.getByTestId('endpoint-save').click();
  await expect(editor).toBeHidden();
  expect((await hookbay.api<Listed[]>('GET', '/api/endpoints')).find((e) => e.slug === 'payments')!.verify!.scheme).toBe('stripe');

  // Picked from the list with the keyboard.
  const again = await openEditor(page, 'payments');
  await again.getByTestId('endpoint-scheme').fill('git');
  await again.getByTestId('endpoint-scheme').press('ArrowDown');
  await again.getByTestId('endpoint-scheme').press('Enter');
  await expect(again.getByTestId('endpoint-scheme')).toHaveValue('gitlab');
});
