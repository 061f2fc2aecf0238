import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { READY_ATTRIBUTE } from '../../src-main/contract/names';
import { expect, test } from './fixtures';
import { HookbayServer } from './hookbay-server';

const item = (page: Page, slug: string) => page.locator(`[data-testid="endpoint-item"][data-slug="${slug}"]`);

test('endpoints from hookbay.config.json carry a badge and a warning in the editor; endpoints made in the UI do not', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-e2e-config-'));
  const file = path.join(dir, 'hookbay.config.json');
  const declare = (name: string) => fs.writeFileSync(file, JSON.stringify({ endpoints: [{ name, slug: 'stripe' }] }));
  declare('Stripe (file)');
  const server = await HookbayServer.start({ args: ['--config', file] });
  try {
    await page.goto(server.inspectorUrl);
    await page.waitForSelector(`html[${READY_ATTRIBUTE}]`, { state: 'attached' });

    // One made in the UI, beside the file's.
    await page.getByTestId('new-endpoint').click();
    const create = page.getByTestId('endpoint-editor');
    await expect(create.getByTestId('managed-warning')).toHaveCount(0);
    await create.getByTestId('endpoint-name').fill('Manual');
    await create.getByTestId('endpoint-save').click();
    await expect(create).toBeHidden();

    await expect(item(page, 'stripe').getByTestId('managed-badge')).toHaveText('from hookbay.config.json');
    await expect(item(page, 'stripe').getByTestId('managed-badge')).toHaveAttribute('title', new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await expect(item(page, 'manual')).toBeVisible();
    await expect(item(page, 'manual').getByTestId('managed-badge')).toHaveCount(0);
    await expect(item(page, 'default').getByTestId('managed-badge')).toHaveCount(0);

    await item(page, 'manual').getByTestId('edit-endpoint').click();
    const manual = page.getByTestId('endpoint-editor');
    await expect(manual.getByTestId('endpoint-name')).toHaveValue('Manual');
    await expect(manual.getByTestId('managed-warning')).toHaveCount(0);
    await manual.getByRole('button', { name: 'Cancel' }).click();
    await expect(manual).toBeHidden();

    // The file's endpoint: the editor says the file will overwrite the change, and it does.
    await item(page, 'stripe').getByTestId('edit-endpoint').click();
    const editor = page.getByTestId('endpoint-editor');
    const warning = editor.getByTestId('managed-warning');
    await expect(warning).toContainText('from hookbay.config.json');
    await expect(warning).toContainText(file);
    await expect(warning).toContainText('overwrites what you change here');
    await editor.getByTestId('endpoint-name').fill('Stripe (edited)');
    await editor.getByTestId('endpoint-save').click();
    await expect(editor).toBeHidden();
    await expect(item(page, 'stripe')).toContainText('Stripe (edited)');
    declare('Stripe (file, changed)');
    await expect(item(page, 'stripe')).toContainText('Stripe (file, changed)', { timeout: 15_000 });
    await expect(item(page, 'stripe').getByTestId('managed-badge')).toHaveText('from hookbay.config.json');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
