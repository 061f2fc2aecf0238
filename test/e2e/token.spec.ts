import { READY_ATTRIBUTE } from '../../src-main/contract/names';
import { expect, test } from './fixtures';

for (const [what, query] of [
  ['no token', ''],
  ['a wrong token', '?token=not-the-token'],
] as const) {
  test(`opened with ${what}: one screen that says what to do, no retries, then the token opens it`, async ({ page, hookbay }) => {
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(new URL(r.url()).pathname);
    });
    await page.goto(`${hookbay.apiUrl}/${query}`);
    await page.waitForSelector(`html[${READY_ATTRIBUTE}]`, { state: 'attached' });
    const screen = page.getByTestId('token-screen');
    await expect(screen).toBeVisible();
    await expect(screen).toContainText('hookbay serve');
    await expect(page.getByTestId('token-problem')).toHaveText(query ? /was not accepted/ : /without the token/);
    // Nothing else: no inspector whose every control would fail, no error repeated, no live stream.
    await expect(page.getByRole('navigation', { name: 'Endpoints' })).toHaveCount(0);
    await expect(page.getByText(/Missing or wrong API token/)).toHaveCount(0);
    // Give a retry loop time to show itself, then count: the one check, nothing after it.
    await page.waitForTimeout(1500);
    expect(apiCalls).toEqual(['/api/info']);

    await page.getByTestId('token-input').fill(hookbay.token);
    await page.getByRole('button', { name: 'Open the inspector' }).click();
    await expect(page.getByRole('navigation', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByTestId('token-screen')).toHaveCount(0);
    expect(new URL(page.url()).search).toBe('');
  });
}
