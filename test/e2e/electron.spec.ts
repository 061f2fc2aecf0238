/**
 * The desktop app end to end: the built app (out/main/index.js) under a real Electron with a
 * temporary user-data directory, a free receiver port, the ready marker, a webhook sent to
 * the receiver and seen in the window. Runs wherever an Electron binary is installed; prints
 * one line saying why when it skips. Build first: `npm run build`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectron } from '../../bin/electron-binary.cjs';
import type { HookbayBridge } from '../../src-main/contract/bridge';
import { READY_ATTRIBUTE } from '../../src-main/contract/names';

declare global {
  interface Window {
    hookbay: HookbayBridge;
  }
}

const root = path.join(__dirname, '../..');

/** The installed Electron binary, found without triggering Electron's on-demand download. */
function electronBinary(): { path: string } | { skip: string } {
  const electron = installedElectron(root);
  if ('missing' in electron) return { skip: `skipped: ${electron.detail} (run \`npx install-electron --no\` where github.com is reachable)` };
  if (!fs.existsSync(path.join(root, 'out', 'main', 'index.js'))) return { skip: 'skipped: the app is not built (run `npm run build`)' };
  return electron;
}

// Playwright needs a destructuring first argument even when no fixture is used.
// eslint-disable-next-line no-empty-pattern
test('desktop app captures a webhook and shows it in the window', async ({}, testInfo) => {
  const binary = electronBinary();
  if ('skip' in binary) {
    console.log(binary.skip);
    test.skip(true, binary.skip);
    return;
  }
  test.setTimeout(90_000);
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-e2e-'));
  const app = await electron.launch({
    executablePath: binary.path,
    args: [root],
    cwd: root,
    env: { ...process.env, HOOKBAY_USER_DATA: userData, HOOKBAY_DATA: '', HOOKBAY_PORT: '0', ELECTRON_RENDERER_URL: '' } as Record<string, string>,
  });
  const log: string[] = [];
  app.process().stdout?.on('data', (b: Buffer) => log.push(b.toString()));
  app.process().stderr?.on('data', (b: Buffer) => log.push(b.toString()));
  await app.context().tracing.start({ screenshots: true, snapshots: true });
  let failed = true;
  try {
    const page = await app.firstWindow();
    await page.waitForSelector(`html[${READY_ATTRIBUTE}]`, { state: 'attached', timeout: 30_000 });

    // The preload's narrow bridge, and no Node in the page.
    const shape = await page.evaluate(() => ({
      keys: Object.keys(window.hookbay),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(shape.keys).toContain('onEvent');
    expect(shape.keys).not.toContain('invoke');
    expect(shape.require).toBe('undefined');
    expect(shape.process).toBe('undefined');
    await expect(page.evaluate(() => window.hookbay.getRequest({ id: 'x' as never }))).rejects.toThrow();

    const info = await page.evaluate(() => window.hookbay.getInfo({}));
    expect(info.mode).toBe('desktop');
    expect(info.dataDir).toBe(userData);

    const marker = `e2e-${Date.now().toString(36)}`;
    const res = await fetch(`${info.receiverUrl}/default/${marker}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ marker }),
    });
    expect(res.status).toBeLessThan(500);
    await expect(page.getByText(marker).first()).toBeVisible({ timeout: 15_000 });
    failed = false;
  } finally {
    if (failed) {
      await app.context().tracing.stop({ path: testInfo.outputPath('trace.zip') }).catch(() => {});
      await testInfo.attach('main-process.log', { body: log.join(''), contentType: 'text/plain' });
    } else {
      await app.context().tracing.stop().catch(() => {});
    }
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
