import path from 'node:path';
import { app, clipboard, dialog, ipcMain, Menu, nativeImage, nativeTheme, Notification, safeStorage, session, Tray, type BrowserWindow } from 'electron';
import { DEFAULT_RECEIVER_PORT, type HookbayConfigInput } from '../core/config';
import type { HookbayEvent } from '../contract/events';
import type { TunnelStatus } from '../contract/tunnel';
import { EventBus } from '../core/events';
import type { Logger } from '../core/log/logger';
import { openDatabase } from '../core/store/database';
import { SettingsStore } from '../core/store/settings-store';
import { VERSION } from '../core/version';
import { CoreHost, type CoreStartError } from './core-host';
import { DesktopSettings } from './desktop-settings';
import { forwardEvents } from './event-forwarder';
import { serveContractOverIpc } from './ipc';
import { backgroundColor, createMainWindow } from './main-window';
import { appMenuTemplate, trayMenuTemplate, trayTooltip, type ShellActions, type TunnelView } from './menus';
import { NATIVE_BUILD_HINT, installedNativeBinding } from './native-binding';
import { NotificationPolicy, type Note } from './notifications';
import { denyPermissionsByDefault } from './permissions';
import { createSecretCodec } from './secret-codec';
import { TRAY_ICON_1X, TRAY_ICON_2X } from './tray-icon';
import type { RendererLocation } from './trusted-origin';

export interface Desktop {
  showWindow(): void;
  /** Whether the core's thread serves (running, or restarting after a crash). */
  coreServing(): boolean;
  /** The endpoints' signing secrets, which the log redacts. */
  secretValues(): Iterable<string>;
  close(): Promise<void>;
}

/** Shared with `hookbay serve` unless HOOKBAY_DATA (or HOOKBAY_USER_DATA, see index.ts) says otherwise. */
export const desktopDataDir = (): string => process.env.HOOKBAY_DATA || app.getPath('userData');

function int(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`HOOKBAY_PORT must be an integer, got "${value}"`);
  return n;
}

/**
 * Starts the core on its own thread (core-worker.js, see docs/architecture.md, "Where the
 * core runs"), so a slow call or a burst of webhooks never stalls menus, the tray or IPC.
 */
async function startCore(
  secrets: ReturnType<typeof createSecretCodec>,
  logger: Logger,
  onEvent: (event: HookbayEvent) => void,
  chooseExportFile: (suggestedName: string) => Promise<string | null>,
): Promise<{ core: CoreHost; portNote: string | null }> {
  const binding = installedNativeBinding(app);
  const config: HookbayConfigInput = {
    dataDir: desktopDataDir(),
    receiverPort: int(process.env.HOOKBAY_PORT) ?? DEFAULT_RECEIVER_PORT,
    receiverHost: process.env.HOOKBAY_HOST || '127.0.0.1',
    ...(binding ? { nativeBinding: binding } : {}),
  };
  // From the app root, not __dirname: this module is a code-split chunk (see entry.ts).
  const workerFile = path.join(app.getAppPath(), 'out/main/core-worker.js');
  const start = (c: HookbayConfigInput) => CoreHost.start({ workerFile, config: c, mode: 'desktop', secrets, log: logger, onEvent, chooseExportFile });
  try {
    return { core: await start(config), portNote: null };
  } catch (err) {
    const e = err as CoreStartError;
    if (/NODE_MODULE_VERSION|better_sqlite3\.node|was compiled against/.test(e.message ?? '')) {
      throw new Error(`${NATIVE_BUILD_HINT}\n\n(${e.message})`, { cause: err });
    }
    // `hookbay serve` (or a second copy) may hold the usual port: receive elsewhere, and say so.
    if (e.code === 'EADDRINUSE' && config.receiverPort !== 0) {
      const core = await start({ ...config, receiverPort: 0 });
      return { core, portNote: `Port ${config.receiverPort} is in use; receiving on ${core.receiverUrl} instead.` };
    }
    throw err;
  }
}

export async function startDesktop(location: RendererLocation, log: Logger): Promise<Desktop> {
  nativeTheme.themeSource = 'system';
  denyPermissionsByDefault(session.defaultSession, location);
  app.setAboutPanelOptions({ applicationName: 'Hookbay', applicationVersion: VERSION });

  const secrets = createSecretCodec(safeStorage, process.platform);
  // Core events arrive from the worker; the window, tray and notifications subscribe here.
  const events = new EventBus();
  // "Save export…": the user picks the file here; the core's thread writes it in slices.
  const chooseExportFile = async (suggestedName: string): Promise<string | null> => {
    const format = path.extname(suggestedName).slice(1);
    const options = {
      title: 'Save export',
      defaultPath: path.join(app.getPath('downloads'), suggestedName),
      filters: [{ name: format === 'har' ? 'HAR 1.2' : 'Hookbay JSON', extensions: [format] }],
    };
    const chosen = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  };
  const { core, portNote } = await startCore(secrets, log, (event) => events.emit(event), chooseExportFile);
  // Secrets saved before encryption was available: rewriting the endpoints encrypts them.
  if (secrets.encrypted && secrets.sawPlaintext) core.reencryptSecrets();
  // The shell's own preferences (a few small rows) through a second connection to the same
  // file (WAL): opened after the worker has migrated it.
  const settingsDb = openDatabase(path.join(core.dataDir, 'hookbay.db'), installedNativeBinding(app) ? { nativeBinding: installedNativeBinding(app)! } : {});
  const settings = new DesktopSettings(new SettingsStore(settingsDb));
  const stopIpc = serveContractOverIpc(ipcMain, (name, input) => core.call(name, input), location, log);

  // From the app root, not __dirname: this module is a code-split chunk (see entry.ts).
  const preload = path.join(app.getAppPath(), 'out/preload/index.cjs');
  let win: BrowserWindow | null = null;
  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow({ preload, location, settings, log });
      win.on('closed', () => (win = null));
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  nativeTheme.on('updated', () => win?.setBackgroundColor(backgroundColor()));

  let tunnel: TunnelView = { state: 'unavailable', url: null };
  try {
    const reply = await core.call('getTunnel', {});
    if (!reply.ok) throw new Error(reply.error.message);
    const status = reply.value as TunnelStatus;
    tunnel = { state: status.state, url: status.url, ...(status.reason ? { reason: status.reason } : {}) };
  } catch {
    /* the core could not say: the tray shows "unavailable" until the next tunnel.status event */
  }

  const notify = (note: Pick<Note, 'title' | 'body'>) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: note.title, body: note.body });
    n.on('click', showWindow);
    n.show();
  };
  // Electron 45's clipboard is asynchronous; a failed copy is logged, never left unhandled.
  const copy = (text: string) => void clipboard.writeText(text).catch((err: unknown) => log.warn('could not copy to the clipboard', { err }));
  const actions: ShellActions = {
    showWindow,
    copyReceiverUrl: () => copy(core.receiverUrl),
    copyPublicUrl: () => {
      if (tunnel.url) copy(tunnel.url);
    },
    setNotification: (kind, on) => {
      settings.setNotification(kind, on);
      refreshMenus();
    },
    quit: () => app.quit(),
  };

  const tray = createTray(showWindow, log);
  const refreshMenus = () => {
    const prefs = settings.notifications;
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, tunnel, prefs, actions })));
    tray?.setToolTip(trayTooltip(tunnel));
    tray?.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(tunnel, prefs, actions)));
  };
  refreshMenus();

  const policy = new NotificationPolicy({
    prefs: () => settings.notifications,
    show: notify,
    windowFocused: () => win !== null && !win.isDestroyed() && win.isFocused(),
  });
  const stopForwarding = forwardEvents(events, () => (win && !win.isDestroyed() ? win.webContents : null));
  const stopWatching = events.subscribe((event) => {
    policy.onEvent(event);
    if (event.type === 'tunnel.status') {
      const s = event.status;
      tunnel = { state: s.state, url: s.url, ...(s.reason ? { reason: s.reason } : {}) };
      refreshMenus();
    }
  });

  showWindow();
  if (portNote) notify({ title: 'Hookbay', body: portNote });
  log.info('desktop started', { version: VERSION, receiverUrl: core.receiverUrl, dataDir: core.dataDir, encryption: core.secretStorage });

  return {
    showWindow,
    coreServing: () => core.serving,
    secretValues: () => core.secretValues(),
    close: async () => {
      policy.dispose();
      stopWatching();
      stopForwarding();
      stopIpc();
      tray?.destroy();
      await core.close();
      settingsDb.close();
    },
  };
}

function createTray(showWindow: () => void, log: Logger): Tray | null {
  try {
    const icon = nativeImage.createFromDataURL(TRAY_ICON_1X);
    icon.addRepresentation({ scaleFactor: 2, dataURL: TRAY_ICON_2X });
    if (process.platform === 'darwin') icon.setTemplateImage(true);
    const tray = new Tray(icon);
    if (process.platform !== 'darwin') tray.on('click', showWindow);
    return tray;
  } catch (err) {
    // Some Linux desktops have no status area; the app works without a tray.
    log.warn('no tray icon', { err });
    return null;
  }
}
