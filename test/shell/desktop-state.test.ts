import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../src-main/contract/names';
import { EventBus } from '../../src-main/core/events';
import { DesktopSettings, type SettingsLike } from '../../src-main/shell/desktop-settings';
import { forwardEvents } from '../../src-main/shell/event-forwarder';
import { appMenuTemplate, trayMenuTemplate, trayTooltip, type ShellActions, type TunnelView } from '../../src-main/shell/menus';
import { nativeBindingPath } from '../../src-main/shell/native-binding';
import { initialBounds, trackWindowState, type TrackedWindow } from '../../src-main/shell/window-state';

const mapSettings = (): SettingsLike & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return { data, get: <T>(k: string) => data.get(k) as T | undefined, set: (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))) };
};

describe('desktop settings', () => {
  it('defaults notifications on and persists each switch', () => {
    const store = mapSettings();
    const s = new DesktopSettings(store);
    expect(s.notifications).toEqual({ newRequests: true, failedDeliveries: true, tunnelDrops: true });
    s.setNotification('tunnelDrops', false);
    expect(new DesktopSettings(store).notifications.tunnelDrops).toBe(false);
    store.set('desktop.notifications', 'garbage');
    expect(new DesktopSettings(store).notifications.newRequests).toBe(true);
  });

  it('remembers the window state and ignores a corrupt one', () => {
    const store = mapSettings();
    const s = new DesktopSettings(store);
    expect(s.window).toBeNull();
    s.window = { x: 10, y: 20, width: 900, height: 700, maximized: true, fullScreen: false };
    expect(new DesktopSettings(store).window).toMatchObject({ x: 10, maximized: true });
    store.set('desktop.window', { width: 'wide' });
    expect(new DesktopSettings(store).window).toBeNull();
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('reopens where the window was, if that is still on a screen', () => {
    expect(initialBounds(null, screen)).toEqual({ width: 1280, height: 820 });
    expect(initialBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: false, fullScreen: false }, screen)).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
    // A window left on an unplugged monitor comes back centred with its size.
    expect(initialBounds({ x: 3000, y: 50, width: 1000, height: 700, maximized: false, fullScreen: false }, screen)).toEqual({ width: 1000, height: 700 });
    expect(initialBounds({ x: 0, y: 0, width: 4000, height: 3000, maximized: false, fullScreen: false }, screen)).toMatchObject({ width: 1920, height: 1080 });
  });

  it('saves after moves settle and on close', () => {
    vi.useFakeTimers();
    const listeners = new Map<string, () => void>();
    const win: TrackedWindow = {
      isDestroyed: () => false,
      isMaximized: () => false,
      isFullScreen: () => false,
      isMinimized: () => false,
      getNormalBounds: () => ({ x: 1, y: 2, width: 800, height: 600 }),
      on: (e, l) => listeners.set(e, l),
    };
    const saved: unknown[] = [];
    trackWindowState(win, (s) => saved.push(s));
    listeners.get('move')!();
    listeners.get('resize')!();
    expect(saved).toHaveLength(0);
    vi.advanceTimersByTime(600);
    expect(saved).toEqual([{ x: 1, y: 2, width: 800, height: 600, maximized: false, fullScreen: false }]);
    listeners.get('close')!();
    expect(saved).toHaveLength(2);
    vi.useRealTimers();
  });
});

describe('tray and application menu', () => {
  const actions = (): ShellActions & Record<string, ReturnType<typeof vi.fn>> =>
    ({ showWindow: vi.fn(), copyReceiverUrl: vi.fn(), copyPublicUrl: vi.fn(), setNotification: vi.fn(), quit: vi.fn() }) as never;
  const prefs = { newRequests: true, failedDeliveries: false, tunnelDrops: true };
  const online: TunnelView = { state: 'online', url: 'https://quiet-fox.loca.lt' };

  it('shows tunnel status and enables copying the public URL only while online', () => {
    const a = actions();
    const tray = trayMenuTemplate(online, prefs, a);
    expect(tray[0]).toMatchObject({ label: 'Tunnel: online — https://quiet-fox.loca.lt', enabled: false });
    expect(tray.find((i) => i.label === 'Copy Public URL')).toMatchObject({ enabled: true });
    (tray.find((i) => i.label === 'Copy Public URL')!.click as () => void)();
    expect(a.copyPublicUrl).toHaveBeenCalled();
    const off = trayMenuTemplate({ state: 'unavailable', url: null }, prefs, a);
    expect(off[0]!.label).toBe('Tunnel: not available in this build');
    expect(off.find((i) => i.label === 'Copy Public URL')).toMatchObject({ enabled: false });
    expect(trayTooltip({ state: 'reconnecting', url: null, reason: 'socket hang up' })).toBe('Hookbay — Tunnel: reconnecting… (socket hang up)');
  });

  it('has switchable notifications as checkboxes', () => {
    const a = actions();
    const sub = trayMenuTemplate(online, prefs, a).find((i) => i.label === 'Notify About')!.submenu as { label: string; checked: boolean; click: (i: { checked: boolean }) => void }[];
    expect(sub.map((i) => [i.label, i.checked])).toEqual([['New Requests', true], ['Failed Deliveries', false], ['Tunnel Drops', true]]);
    sub[1]!.click({ checked: true });
    expect(a.setNotification).toHaveBeenCalledWith('failedDeliveries', true);
  });

  it('uses the platform roles for the usual menus and shortcuts', () => {
    const mac = appMenuTemplate({ platform: 'darwin', tunnel: online, prefs, actions: actions() });
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(mac.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help']);
    const linux = appMenuTemplate({ platform: 'linux', tunnel: online, prefs, actions: actions() });
    const file = linux.find((m) => m.label === 'File')!.submenu as { role?: string; accelerator?: string }[];
    expect(file.some((i) => i.role === 'quit')).toBe(true);
    expect(file.filter((i) => i.accelerator).map((i) => i.accelerator)).toEqual(['CmdOrCtrl+Shift+U', 'CmdOrCtrl+Shift+R']);
  });
});

describe('event forwarding and native binding', () => {
  it('forwards core events to the live window only', () => {
    const bus = new EventBus();
    const sent: unknown[] = [];
    let destroyed = false;
    const stop = forwardEvents(bus, () => ({ isDestroyed: () => destroyed, send: (c, e) => sent.push([c, e]) }));
    bus.emit({ type: 'endpoints.changed' });
    destroyed = true;
    bus.emit({ type: 'endpoints.changed' });
    stop();
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { type: 'endpoints.changed' }]]);
    expect(bus.size).toBe(0);
  });

  it('finds the Electron-ABI better-sqlite3 apart from the Node one', () => {
    expect(nativeBindingPath({ isPackaged: true, appPath: '/a', resourcesPath: '/r', platform: 'darwin', arch: 'arm64' })).toBe(path.join('/r', 'native', 'better_sqlite3.node'));
    expect(nativeBindingPath({ isPackaged: false, appPath: '/repo', resourcesPath: '/r', platform: 'win32', arch: 'x64' })).toBe(
      path.join('/repo', 'node_modules', '.hookbay-electron', 'win-x64', 'better_sqlite3.node'),
    );
  });
});
