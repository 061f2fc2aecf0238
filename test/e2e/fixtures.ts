import { test as base, expect, type Page } from '@playwright/test';
import { READY_ATTRIBUTE } from '../../src-main/contract/names';
import { HookbayServer } from './hookbay-server';

export { expect };

/**
 * Each test gets a fresh data directory and its own `hookbay serve`; its log is attached on
 * failure. Starting the server and the page has its own time budget (`timeout` below), so a
 * slow start on a busy machine is not taken out of the test's own budget: the test's steps
 * still wait on what they assert, and the server start on its "Ready." line (hookbay-server.ts).
 */
export const test = base.extend<{ hookbay: HookbayServer; inspector: Page }>({
  hookbay: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern.
    async ({}, use, testInfo) => {
      const server = await HookbayServer.start();
      await use(server);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('hookbay-serve.log', { body: server.log(), contentType: 'text/plain' });
      }
      await server.stop();
    },
    { timeout: 30_000 },
  ],
  /** The inspector, opened with the token URL that `hookbay serve` printed. */
  inspector: [
    async ({ page, hookbay }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // The served CSP forbids inline styles and scripts: a violation means the UI relies on one.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      page.on('dialog', (d) => {
        errors.push(`unexpected dialog: ${d.type()} ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(hookbay.inspectorUrl);
      await page.waitForSelector(`html[${READY_ATTRIBUTE}]`, { state: 'attached' });
      await expect(page.getByRole('navigation', { name: 'Endpoints' })).toBeVisible();
      await use(page);
      expect(errors, 'page errors and dialogs').toEqual([]);
    },
    { timeout: 30_000 },
  ],
});

/** The list rows, newest first. */
export const rows = (page: Page) => page.getByTestId('request-row');
