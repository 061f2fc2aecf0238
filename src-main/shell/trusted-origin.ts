import { pathToFileURL } from 'node:url';

/**
 * Where the app's own renderer lives: the built `index.html` on disk, or the electron-vite
 * dev server (never when packaged). IPC calls and in-app navigation are trusted only from
 * exactly there.
 */
export type RendererLocation =
  | { kind: 'file'; indexFile: string }
  | { kind: 'dev'; url: string };

export function rendererLocation(opts: { isPackaged: boolean; devServerUrl: string | undefined; indexFile: string }): RendererLocation {
  if (!opts.isPackaged && opts.devServerUrl && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?/.test(opts.devServerUrl)) {
    return { kind: 'dev', url: opts.devServerUrl };
  }
  return { kind: 'file', indexFile: opts.indexFile };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for a URL of the app's own renderer document (any hash or query allowed). */
export function isTrustedRendererUrl(url: string, location: RendererLocation): boolean {
  const u = parse(url);
  if (!u) return false;
  if (location.kind === 'file') {
    const expected = pathToFileURL(location.indexFile);
    return u.protocol === 'file:' && u.host === expected.host && u.pathname === expected.pathname;
  }
  const dev = parse(location.url);
  return dev !== null && u.origin === dev.origin;
}

/** The structural part of Electron's WebFrameMain the guard needs (tests pass plain objects). */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  isDestroyed(): boolean;
}

export type FrameVerdict = { ok: true } | { ok: false; reason: string };

/** A call is trusted when it comes from a live top-level frame showing the app's renderer. */
export function checkSenderFrame(frame: FrameLike | null | undefined, location: RendererLocation): FrameVerdict {
  if (!frame) return { ok: false, reason: 'the calling frame is gone' };
  if (frame.isDestroyed()) return { ok: false, reason: 'the calling frame was destroyed' };
  if (frame.parent !== null) return { ok: false, reason: 'calls from sub-frames are not accepted' };
  if (!isTrustedRendererUrl(frame.url, location)) return { ok: false, reason: 'the calling page is not the Hookbay renderer' };
  return { ok: true };
}
