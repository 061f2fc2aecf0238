import Database from 'better-sqlite3';
import path from 'node:path';
import { READY_ATTRIBUTE } from '../../src-main/contract/names';
import { expect, test } from './fixtures';
import { HookbayServer, sendWebhook, TargetServer } from './hookbay-server';

// Issue 11 item 7 (storage failures are seen) and item 3 (`--safe`), in a real browser over SSE.

test('a storage failure shows a banner until a write succeeds', async ({ inspector: page, hookbay }) => {
  // A second connection makes inserts fail the way a full disk does.
  const db = new Database(path.join(hookbay.dataDir, 'hookbay.db'));
  try {
    await expect(page.getByTestId('health-banner')).toHaveCount(0);
    db.exec("CREATE TRIGGER full BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    expect((await sendWebhook(`${hookbay.receiverUrl}/`, { body: 'lost?' })).status).toBe(503);
    await expect(page.getByTestId('health-storage')).toContainText('Storage is failing');
    await expect(page.getByTestId('health-storage')).toContainText('503');
    const health = await hookbay.api<{ status: string }>('GET', '/api/health');
    expect(health.status).toBe('degraded');

    db.exec('DROP TRIGGER full');
    expect((await sendWebhook(`${hookbay.receiverUrl}/`, { body: 'stored' })).status).toBe(200);
    await expect(page.getByTestId('health-banner')).toHaveCount(0);
    expect((await hookbay.api<{ status: string }>('GET', '/api/health')).status).toBe('ok');
  } finally {
    db.close();
  }
});

test('hookbay serve --safe starts with the relay paused, says so, and resumes from the banner', async ({ page }) => {
  const server = await HookbayServer.start({ args: ['--safe'] });
  const target = await TargetServer.start();
  try {
    expect(server.log()).toMatch(/Safe mode\s+relay paused/);
    await server.api('POST', '/api/endpoints', { name: 'Shop', slug: 'shop', forward: [{ url: target.url }] });
    await page.goto(server.inspectorUrl);
    await page.waitForSelector(`html[${READY_ATTRIBUTE}]`, { state: 'attached' });
    await expect(page.getByTestId('health-relay-paused')).toBeVisible();

    expect((await sendWebhook(`${server.receiverUrl}/shop`, { body: '{"held":true}' })).status).toBe(200);
    await page.waitForTimeout(500);
    expect(target.received).toHaveLength(0);

    await page.getByTestId('resume-relay').click();
    await expect(page.getByTestId('health-banner')).toHaveCount(0);
    await expect.poll(() => target.received.length).toBe(1);
    expect(target.received[0]!.body).toBe('{"held":true}');
  } finally {
    await target.close();
    await server.stop();
  }
});
