import { READY_ATTRIBUTE } from '../../src-main/contract/names';
import { expect, test } from './fixtures';
import { HookbayServer } from './hookbay-server';

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

test('the token refused mid-session (serve restarted with another): the same screen, and the live stream stops', async ({ page }) => {
  let server = await HookbayServer.start();
  const dataDir = server.dataDir;
  const ports = ['--ui-port', new URL(server.apiUrl).port, '--port', new URL(server.receiverUrl).port];
  const events: number[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/events') events.push(Date.now());
  });
  try {
    await page.goto(server.inspectorUrl);
    await expect(page.getByRole('navigation', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByTestId('connection-status')).toHaveCount(0);

    // The data directory has one owner at a time: the first serve goes before the second starts.
    await server.stop({ keepData: true });
    server = await HookbayServer.start({ dataDir, args: [...ports, '--token', 'a-different-token-0123456789'] });

    const screen = page.getByTestId('token-screen');
    await expect(screen).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('token-problem')).toHaveText(/was not accepted/);
    await expect(screen).toContainText('hookbay serve');
    await expect(page.getByRole('navigation', { name: 'Endpoints' })).toHaveCount(0);
    // Give a retry loop time to show itself (the reconnect delay is at most 10 s; the first ones under 1 s), then count.
    const seen = events.length;
    await page.waitForTimeout(3000);
    expect(events.length).toBe(seen);

    await page.getByTestId('token-input').fill(server.token);
    await page.getByRole('button', { name: 'Open the inspector' }).click();
    await expect(page.getByRole('navigation', { name: 'Endpoints' })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
  }
});
