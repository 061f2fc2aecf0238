/**
 * The Electron main process: a thin shell around the core (`src-main/core`). Everything
 * that must happen before `ready` is here; the rest is in `desktop.ts`.
 */
import path from 'node:path';
import { app, dialog, shell } from 'electron';
import { openLogFile } from '../core/log/log-file';
import { isLogLevel, stderrLogger, type Logger } from '../core/log/logger';
import { desktopDataDir, startDesktop, type Desktop } from './desktop';
import { installDesktopLastResort } from './last-resort';
import { startFailureNotice } from './start-failure';
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

let desktop: Desktop | null = null;

/** `<data>/logs/desktop.log`; level from `--log-level` or HOOKBAY_LOG_LEVEL (default info). */
function openDesktopLog(): { log: Logger; close: () => Promise<void> } {
  const requested = app.commandLine.getSwitchValue('log-level') || process.env.HOOKBAY_LOG_LEVEL || 'info';
  try {
    const file = openLogFile({
      dataDir: desktopDataDir(),
      name: 'desktop',
      level: isLogLevel(requested) ? requested : 'info',
      secretValues: () => desktop?.secretValues() ?? [],
    });
    if (!isLogLevel(requested)) file.warn(`unknown log level "${requested}"; logging at info`);
    return { log: file, close: () => file.close() };
  } catch (err) {
    // A data directory we cannot write is reported when the core opens it; do not die here.
    stderrLogger.warn('cannot open the log file; logging to stderr', { err });
    return { log: stderrLogger, close: async () => {} };
  }
}

const location = rendererLocation({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  // From the app root, not __dirname: this module is a code-split chunk (see entry.ts).
  indexFile: path.join(app.getAppPath(), 'out/renderer/index.html'),
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
  // Only the instance that owns the data directory writes its log.
  const { log, close: closeLog } = openDesktopLog();
  let exitCode: number | null = null;

  /** Stops the core and the log in order, then exits: on quit (0) and from the last resort (70). */
  const shutdown = (code: number) => {
    if (exitCode !== null) {
      // Already stopping: a fatal error meanwhile still makes the exit code say so.
      exitCode = Math.max(exitCode, code);
      return;
    }
    exitCode = code;
    // A shutdown that hangs must not keep a broken app on screen.
    setTimeout(() => app.exit(exitCode ?? code), 15_000).unref();
    const stopped = desktop
      ? desktop
          .close()
          // Quitting goes ahead either way; a failed shutdown is logged, not left unhandled.
          .catch((err: unknown) => log.error('shutdown failed', { err }))
          .then(() => log.info('desktop stopped'))
      : Promise.resolve();
    void stopped.then(closeLog).finally(() => app.exit(exitCode ?? code));
  };

  // What still escapes in this thread is a bug in the shell (docs/architecture.md, "Error model").
  installDesktopLastResort({
    log,
    coreServing: () => desktop?.coreServing() ?? false,
    stopping: () => exitCode !== null,
    ask: async (shown) => {
      await app.whenReady();
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: shown.title,
        message: shown.message,
        detail: shown.detail,
        buttons: ['Keep Running', 'Restart Hookbay'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      return response === 1 ? 'restart' : 'keep';
    },
    // Callable before `ready`; blocks, which is what we want on the way out.
    tellFatal: (shown) => dialog.showErrorBox(shown.title, `${shown.message}\n\n${shown.detail}`),
    restart: () => {
      app.relaunch();
      app.quit();
    },
    shutdown,
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location, openExternal));
  app.on('second-instance', () => desktop?.showWindow());
  app.on('activate', () => desktop?.showWindow());
  app.on('window-all-closed', () => {
    // macOS apps stay in the Dock (and the tray) with no window; elsewhere closing quits.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (!desktop || exitCode !== null) return;
    event.preventDefault();
    shutdown(0);
  });

  app
    .whenReady()
    .then(async () => {
      desktop = await startDesktop(location, log);
    })
    .catch(async (err: unknown) => {
      log.error('could not start', { err });
      // Also when `hookbay serve` owns the data directory (the core's start is refused).
      const notice = startFailureNotice(err, log.location);
      dialog.showErrorBox(notice.title, notice.message);
      await closeLog();
      app.exit(1);
    });
}
