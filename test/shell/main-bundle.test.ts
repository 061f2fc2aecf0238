import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, OPERATION_NAMES } from '../../src-main/contract/names';
import { startServe } from '../support/serve-process';
import { tempDir } from '../support/temp';

const root = path.join(__dirname, '../..');
const bundle = path.join(root, 'out/main/index.js');
const fakeElectron = path.join(__dirname, 'fixtures/fake-electron.cjs');
const stepsOf = (stdout: string) =>
  Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { step: string })
      .map((s) => [s.step, s]),
  ) as Record<string, Record<string, unknown>>;

/**
 * The built main process (what Electron would run) under Node with a fake `electron` module:
 * bundling, paths, composition, IPC, event forwarding, policies and shutdown, minus Chromium.
 */
describe.skipIf(!fs.existsSync(bundle))('built main process under a fake electron', () => {
  it('starts the core, serves the contract, forwards a captured webhook and shuts down', () => {
    const appData = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-bundle-'));
    try {
      const r = spawnSync(process.execPath, ['--require', fakeElectron, bundle], {
        cwd: root,
        env: { ...process.env, FAKE_APPDATA: appData, HOOKBAY_PORT: '0', HOOKBAY_DATA: '', HOOKBAY_USER_DATA: '', ELECTRON_RENDERER_URL: '' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const steps = stepsOf(r.stdout);
      expect(steps['driver-error'], r.stderr).toBeUndefined();
      expect(steps['dialog']).toBeUndefined();

      expect(steps['app.enableSandbox']).toBeDefined();
      expect(steps['BrowserWindow']!.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(steps['loaded']).toMatchObject({ exists: true, preloadExists: true, file: path.join(root, 'out/renderer/index.html') });
      expect(steps['channels']!.channels).toEqual(OPERATION_NAMES.map((n) => `${IPC_PREFIX}${n}`).sort());

      expect(steps['getInfo']).toMatchObject({ ok: true, value: { mode: 'desktop', dataDir: path.join(appData, 'Hookbay') } });
      expect((steps['getInfo']!.value as { secretStorage: string }).secretStorage).toMatch(/encrypted with the system secret service/);
      expect(steps['badInput']).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(steps['evilFrame']).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      const forwarded = steps['forwarded'] as { channel: string; path: string; marker: string };
      expect(forwarded.channel).toBe(IPC_EVENT_CHANNEL);
      expect(forwarded.path).toBe(`/default/${forwarded.marker}`);
      expect((steps['notifications']!.titles as string[])[0]).toBe(`POST /default/${forwarded.marker}`);

      expect(steps['navigation']).toEqual({ step: 'navigation', prevented: true, windowOpen: 'deny', opened: ['https://example.com/docs'] });
      expect(steps['permission']).toMatchObject({ media: false });
      // An uncaught exception in the main thread: asked about, not fatal, the core still answers.
      expect(steps['messageBox']).toMatchObject({ message: expect.stringContaining('a bug in a shell handler'), buttons: ['Keep Running', 'Restart Hookbay'] });
      expect(steps['afterBug']).toMatchObject({ ok: true });
      expect(steps['app.exit']).toMatchObject({ code: 0 });
      expect(r.status).toBe(0);
      expect(fs.existsSync(path.join(appData, 'Hookbay', 'hookbay.db'))).toBe(true);

      const logFile = path.join(appData, 'Hookbay', 'logs', 'desktop.log');
      expect(fs.statSync(logFile).mode & 0o777).toBe(0o600);
      const logged = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; thread?: string });
      // The shell's own lines; the core's thread writes to the same file, marked `thread: core`.
      expect(logged.filter((l) => l.thread !== 'core').map((l) => l.msg)).toEqual(['desktop started', 'refused IPC call', 'uncaught exception in the main process', 'desktop stopped']);
    } finally {
      fs.rmSync(appData, { recursive: true, force: true });
    }
  });

  it('is the CLI when the first argument is a command, without loading the desktop shell', () => {
    const r = spawnSync(process.execPath, ['--require', fakeElectron, bundle, '--version'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    const steps = stepsOf(r.stdout);
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.split('\n')).toContain(version);
    expect(steps['app.dock.hide']).toBeDefined();
    expect(steps['app.enableSandbox']).toBeUndefined();
    expect(steps['app.exit']).toMatchObject({ code: 0 });
    expect(r.status).toBe(0);
  });

  it('runs `serve` inside the app binary and captures a webhook through it', async () => {
    const data = tempDir();
    try {
      const s = await startServe(data.dir, [], 20_000, [process.execPath, '--require', fakeElectron, bundle]);
      const sent = await fetch(`${s.receiverUrl}/default/from-the-app`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
      expect(sent.status).toBe(200);
      const list = (await (await fetch(`${s.apiUrl}/api/requests`, { headers: { authorization: `Bearer ${s.token}` } })).json()) as {
        items: { path: string }[];
      };
      expect(list.items.map((i) => i.path)).toEqual(['/default/from-the-app']);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(stepsOf(s.output())['app.enableSandbox']).toBeUndefined();
    } finally {
      data.remove();
    }
  });
});
