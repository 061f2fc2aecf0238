import { z } from 'zod';

/** Which desktop notifications are on; switched from the app menu and the tray. */
export const NotificationPrefs = z.object({
  newRequests: z.boolean().default(true),
  failedDeliveries: z.boolean().default(true),
  tunnelDrops: z.boolean().default(true),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;
export type NotificationKind = keyof NotificationPrefs;

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(100_000),
  height: z.number().int().min(300).max(100_000),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

/** The core's key/value settings store (structural, so tests can pass a Map-backed fake). */
export interface SettingsLike {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

const KEYS = { notifications: 'desktop.notifications', window: 'desktop.window' } as const;

/** Desktop preferences persisted in the same SQLite settings table the core uses. */
export class DesktopSettings {
  constructor(private readonly store: SettingsLike) {}

  get notifications(): NotificationPrefs {
    const parsed = NotificationPrefs.safeParse(this.store.get(KEYS.notifications) ?? {});
    return parsed.success ? parsed.data : NotificationPrefs.parse({});
  }

  setNotification(kind: NotificationKind, on: boolean): NotificationPrefs {
    const next = { ...this.notifications, [kind]: on };
    this.store.set(KEYS.notifications, next);
    return next;
  }

  get window(): WindowState | null {
    const parsed = WindowState.safeParse(this.store.get(KEYS.window));
    return parsed.success ? parsed.data : null;
  }

  set window(state: WindowState) {
    this.store.set(KEYS.window, state);
  }
}
