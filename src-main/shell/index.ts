/**
 * The Electron main process: a thin shell around the core (`src-main/core`). Everything
 * that must happen before `ready` is here; the rest is in `desktop.ts`.
 */
import path from 'node:path';
import { app, dialog, shell } from 'electron';
import { startDesktop, type Desktop } from './desktop';
import { externalUrl, hardenWebContents } from './navigation';
import { rendererLocation } from './trusted-origin';

// Tests and side-by-side profiles point the whole app (Chromium's files, the database and the
// single-instance lock) at another directory. Otherwise share the data dir with `hookbay serve`.
app.setName('Hookbay');
const userData = process.env.HOOKBAY_USER_DATA;
app.setPath('userData', userData ? path.resolve(userData) : path.join(app.getPath('appData'), 'Hookbay'));
// Every renderer is sandboxed, whatever its webPreferences say.
app.enableSandbox();
// Windows shows toasts only for an app with an AppUserModelID (same as electron-builder's appId).
if (process.platform === 'win32') app.setAppUserModelId('dev.hookbay.desktop');

const location = rendererLocation({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  indexFile: path.join(__dirname, '../renderer/index.html'),
});

const openExternal = (url: string) => {
  const safe = externalUrl(url);
  // No handler for the scheme, or the OS refused: the click does nothing, and the log says why.
  if (safe) shell.openExternal(safe).catch((err: unknown) => console.error('[hookbay] could not open a link:', err instanceof Error ? err.message : err));
};

if (!app.requestSingleInstanceLock()) {
  // Another Hookbay owns this data directory; it shows its window (see 'second-instance').
  app.quit();
} else {
  let desktop: Desktop | null = null;
  let closing = false;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location, openExternal));
  app.on('second-instance', () => desktop?.showWindow());
  app.on('activate', () => desktop?.showWindow());
  app.on('window-all-closed', () => {
    // macOS apps stay in the Dock (and the tray) with no window; elsewhere closing quits.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (!desktop || closing) return;
    event.preventDefault();
    closing = true;
    desktop
      .close()
      // Quitting goes ahead either way; a failed shutdown is logged, not left unhandled.
      .catch((err: unknown) => console.error('[hookbay] shutdown failed:', err instanceof Error ? err.message : err))
      .finally(() => app.exit(0));
  });

  app
    .whenReady()
    .then(async () => {
      desktop = await startDesktop(location);
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error('[hookbay] could not start:', message);
      dialog.showErrorBox('Hookbay could not start', message);
      app.exit(1);
    });
}
