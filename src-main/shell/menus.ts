import type { MenuItemConstructorOptions } from 'electron';
import type { TunnelState } from '../contract/tunnel';
import type { NotificationKind, NotificationPrefs } from './desktop-settings';

/**
 * What the tray and the menu show about the tunnel. 'unavailable' covers a core that could
 * not say (its first `getTunnel` failed); later `tunnel.status` events replace it.
 */
export interface TunnelView {
  state: TunnelState | 'unavailable';
  url: string | null;
  reason?: string;
}

export interface ShellActions {
  showWindow(): void;
  copyReceiverUrl(): void;
  copyPublicUrl(): void;
  setNotification(kind: NotificationKind, on: boolean): void;
  quit(): void;
}

const STATE_WORDS: Record<TunnelView['state'], string> = {
  off: 'off',
  connecting: 'connecting…',
  online: 'online',
  reconnecting: 'reconnecting…',
  error: 'error',
  unavailable: 'not available in this build',
};

export function tunnelLabel(t: TunnelView): string {
  return `Tunnel: ${STATE_WORDS[t.state]}${t.state === 'online' && t.url ? ` — ${t.url}` : ''}`;
}

export function trayTooltip(t: TunnelView): string {
  return `Hookbay — ${tunnelLabel(t)}${t.reason && t.state !== 'online' ? ` (${t.reason})` : ''}`;
}

const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  newRequests: 'New Requests',
  failedDeliveries: 'Failed Deliveries',
  tunnelDrops: 'Tunnel Drops',
};

function notificationItems(prefs: NotificationPrefs, actions: ShellActions): MenuItemConstructorOptions[] {
  return (Object.keys(NOTIFICATION_LABELS) as NotificationKind[]).map((kind) => ({
    label: NOTIFICATION_LABELS[kind],
    type: 'checkbox',
    checked: prefs[kind],
    click: (item) => actions.setNotification(kind, item.checked),
  }));
}

function copyItems(t: TunnelView, actions: ShellActions, withShortcuts: boolean): MenuItemConstructorOptions[] {
  return [
    {
      label: 'Copy Public URL',
      enabled: t.state === 'online' && t.url !== null,
      ...(withShortcuts ? { accelerator: 'CmdOrCtrl+Shift+U' } : {}),
      click: () => actions.copyPublicUrl(),
    },
    {
      label: 'Copy Receiver URL',
      ...(withShortcuts ? { accelerator: 'CmdOrCtrl+Shift+R' } : {}),
      click: () => actions.copyReceiverUrl(),
    },
  ];
}

export function trayMenuTemplate(t: TunnelView, prefs: NotificationPrefs, actions: ShellActions): MenuItemConstructorOptions[] {
  return [
    { label: tunnelLabel(t), enabled: false },
    ...copyItems(t, actions, false),
    { type: 'separator' },
    { label: 'Notify About', submenu: notificationItems(prefs, actions) },
    { type: 'separator' },
    { label: 'Show Hookbay', click: () => actions.showWindow() },
    { label: 'Quit Hookbay', click: () => actions.quit() },
  ];
}

/** The application menu: the platform's usual items and shortcuts (roles), plus Hookbay's own. */
export function appMenuTemplate(o: {
  platform: NodeJS.Platform;
  tunnel: TunnelView;
  prefs: NotificationPrefs;
  actions: ShellActions;
}): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      ...copyItems(o.tunnel, o.actions, true),
      { type: 'separator' },
      { label: 'Notify About', submenu: notificationItems(o.prefs, o.actions) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      // A developer tool: DevTools stay reachable in release builds (they cannot reach Node).
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    { role: 'help', submenu: [...(mac ? [] : [{ role: 'about' } as MenuItemConstructorOptions]), { label: tunnelLabel(o.tunnel), enabled: false }] },
  ];
}
