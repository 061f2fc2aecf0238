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
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export function denyPermissionsByDefault(session: SessionLike, location: RendererLocation): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, location));
  });
  session.setPermissionCheckHandler((_wc, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl, location),
  );
  session.setDevicePermissionHandler(() => false);
}
