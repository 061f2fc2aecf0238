import { isTrustedRendererUrl, type RendererLocation } from './trusted-origin';

/**
 * Permissions the renderer may use: only writing to the clipboard (the "copy URL / copy
 * cURL" buttons), and only from the app's own document. Camera, microphone, geolocation,
 * notifications from web content, HID/USB/serial, etc. are all denied.
 */
const ALLOWED = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, location: RendererLocation): boolean {
  return ALLOWED.has(permission) && requestingUrl !== undefined && isTrustedRendererUrl(requestingUrl, location);
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: { getURL(): string } | null, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean,
  ): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export function denyPermissionsByDefault(session: SessionLike, location: RendererLocation): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, location));
  });
  // Checks may come without a URL (only a `file://` origin, which cannot tell our page from
  // any other file); fall back to the asking page's URL.
  session.setPermissionCheckHandler((wc, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? wc?.getURL(), location),
  );
  session.setDevicePermissionHandler(() => false);
}
