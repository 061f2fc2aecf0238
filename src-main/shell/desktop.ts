import fs from 'node:fs';
import path from 'node:path';
import { app, clipboard, ipcMain, Menu, nativeImage, nativeTheme, Notification, safeStorage, session, Tray, type BrowserWindow } from 'electron';
import { DEFAULT_RECEIVER_PORT, type HookbayConfigInput } from '../core/config';
import { Hookbay } from '../core/hookbay';
import { createHandlers } from '../core/service';
import { VERSION } from '../core/version';
import { DesktopSettings } from './desktop-settings';
import { forwardEvents } from './event-forwarder';
import { serveContractOverIpc } from './ipc';
import { backgroundColor, createMainWindow } from './main-window';
import { appMenuTemplate, trayMenuTemplate, trayTooltip, type ShellActions, type TunnelView } from './menus';
import { NATIVE_BUILD_HINT, nativeBindingPath } from './native-binding';
import { NotificationPolicy, type Note } from './notifications';
import { denyPermissionsByDefault } from './permissions';
import { createSecretCodec } from './secret-codec';
import { TRAY_ICON_1X, TRAY_ICON_2X } from './tray-icon';
import type { RendererLocation } from './trusted-origin';

export interface Desktop {
  showWindow(): void;
  close(): Promise<void>;
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`HOOKBAY_PORT must be an integer, got "${value}"`);
  return n;
}

/** Starts the core in this (main) process; see docs/architecture.md, "Electron shell". */
async function startCore(secrets: ReturnType<typeof createSecretCodec>): Promise<{ core: Hookbay; portNote: string | null }> {
  const binding = nativeBindingPath({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    arch: process.arch,
  });
  const config: HookbayConfigInput = {
    dataDir: process.env.HOOKBAY_DATA || app.getPath('userData'),
    receiverPort: int(process.env.HOOKBAY_PORT) ?? DEFAULT_RECEIVER_PORT,
    receiverHost: process.env.HOOKBAY_HOST || '127.0.0.1',
    ...(fs.existsSync(binding) ? { nativeBinding: binding } : {}),
  };
  try {
    return { core: await Hookbay.start(config, { secrets, mode: 'desktop' }), portNote: null };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (/NODE_MODULE_VERSION|better_sqlite3\.node|was compiled against/.test(e.message ?? '')) {
      throw new Error(`${NATIVE_BUILD_HINT}\n\n(${e.message})`, { cause: err });
    }
    // `hookbay serve` (or a second copy) may hold the usual port: receive elsewhere, and say so.
    if (e.code === 'EADDRINUSE' && config.receiverPort !== 0) {
      const core = await Hookbay.start({ ...config, receiverPort: 0 }, { secrets, mode: 'desktop' });
      return { core, portNote: `Port ${config.receiverPort} is in use; receiving on ${core.receiverUrl} instead.` };
    }
    throw err;
  }
}

export async function startDesktop(location: RendererLocation): Promise<Desktop> {
  nativeTheme.themeSource = 'system';
  denyPermissionsByDefault(session.defaultSession, location);
  app.setAboutPanelOptions({ applicationName: 'Hookbay', applicationVersion: VERSION });

  const secrets = createSecretCodec(safeStorage, process.platform);
  const { core, portNote } = await startCore(secrets);
  if (secrets.encrypted && secrets.sawPlaintext) {
    // Secrets saved before encryption was available: rewriting the endpoint encrypts them.
    for (const ep of core.endpoints.all()) if (ep.verify) core.endpoints.update(ep.id, {});
  }
  const handlers = createHandlers(core);
  const settings = new DesktopSettings(core.settings);
  const stopIpc = serveContractOverIpc(ipcMain, handlers, location);

  const preload = path.join(__dirname, '../preload/index.cjs');
  let win: BrowserWindow | null = null;
  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow({ preload, location, settings });
      win.on('closed', () => (win = null));
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  nativeTheme.on('updated', () => win?.setBackgroundColor(backgroundColor()));

  let tunnel: TunnelView = { state: 'unavailable', url: null };
  try {
    const status = await handlers.getTunnel({});
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
  const actions: ShellActions = {
    showWindow,
    copyReceiverUrl: () => clipboard.writeText(core.receiverUrl),
    copyPublicUrl: () => {
      if (tunnel.url) clipboard.writeText(tunnel.url);
    },
    setNotification: (kind, on) => {
      settings.setNotification(kind, on);
      refreshMenus();
    },
    quit: () => app.quit(),
  };

  const tray = createTray(showWindow);
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
  const stopForwarding = forwardEvents(core.events, () => (win && !win.isDestroyed() ? win.webContents : null));
  const stopWatching = core.events.subscribe((event) => {
    policy.onEvent(event);
    if (event.type === 'tunnel.status') {
      const s = event.status;
      tunnel = { state: s.state, url: s.url, ...(s.reason ? { reason: s.reason } : {}) };
      refreshMenus();
    }
  });

  showWindow();
  if (portNote) notify({ title: 'Hookbay', body: portNote });
  console.log(`[hookbay] desktop ${VERSION}: receiver ${core.receiverUrl}, data ${core.config.dataDir}, secrets ${core.secretStorage}`);

  return {
    showWindow,
    close: async () => {
      policy.dispose();
      stopWatching();
      stopForwarding();
      stopIpc();
      tray?.destroy();
      await core.close();
    },
  };
}

function createTray(showWindow: () => void): Tray | null {
  try {
    const icon = nativeImage.createFromDataURL(TRAY_ICON_1X);
    icon.addRepresentation({ scaleFactor: 2, dataURL: TRAY_ICON_2X });
    if (process.platform === 'darwin') icon.setTemplateImage(true);
    const tray = new Tray(icon);
    if (process.platform !== 'darwin') tray.on('click', showWindow);
    return tray;
  } catch (err) {
    // Some Linux desktops have no status area; the app works without a tray.
    console.warn('[hookbay] no tray icon:', err instanceof Error ? err.message : err);
    return null;
  }
}
