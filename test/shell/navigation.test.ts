import { describe, expect, it, vi } from 'vitest';
import { decideNavigation, decideWindowOpen, externalUrl, hardenWebContents, type ContentsLike } from '../../src-main/shell/navigation';
import { isPermissionAllowed, denyPermissionsByDefault, type SessionLike } from '../../src-main/shell/permissions';
import { checkSenderFrame, isTrustedRendererUrl, rendererLocation, type RendererLocation } from '../../src-main/shell/trusted-origin';

const file: RendererLocation = { kind: 'file', indexFile: '/opt/hookbay/out/renderer/index.html' };
const APP = 'file:///opt/hookbay/out/renderer/index.html';

describe('trusted renderer origin', () => {
  it('trusts exactly the built index.html', () => {
    expect(isTrustedRendererUrl(APP, file)).toBe(true);
    expect(isTrustedRendererUrl(`${APP}#/requests/1`, file)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/hookbay/out/renderer/other.html', file)).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/hookbay/out/renderer/../renderer/index.html.evil', file)).toBe(false);
    expect(isTrustedRendererUrl('file://evil-host/opt/hookbay/out/renderer/index.html', file)).toBe(false);
    expect(isTrustedRendererUrl('https://opt/hookbay/out/renderer/index.html', file)).toBe(false);
    expect(isTrustedRendererUrl('not a url', file)).toBe(false);
  });

  it('uses the dev server only when not packaged and only on loopback', () => {
    expect(rendererLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173', indexFile: '/i.html' })).toEqual({ kind: 'dev', url: 'http://localhost:5173' });
    expect(rendererLocation({ isPackaged: true, devServerUrl: 'http://localhost:5173', indexFile: '/i.html' }).kind).toBe('file');
    expect(rendererLocation({ isPackaged: false, devServerUrl: 'http://evil.example:5173', indexFile: '/i.html' }).kind).toBe('file');
    expect(rendererLocation({ isPackaged: false, devServerUrl: undefined, indexFile: '/i.html' }).kind).toBe('file');
  });

  it('checks the sender frame', () => {
    const f = { url: APP, parent: null, isDestroyed: () => false };
    expect(checkSenderFrame(f, file)).toEqual({ ok: true });
    expect(checkSenderFrame({ ...f, isDestroyed: () => true }, file).ok).toBe(false);
    expect(checkSenderFrame({ ...f, parent: f }, file).ok).toBe(false);
    expect(checkSenderFrame(null, file).ok).toBe(false);
  });
});

describe('navigation policy', () => {
  it('sends only http(s) links to the system browser', () => {
    expect(externalUrl('https://stripe.com/docs')).toBe('https://stripe.com/docs');
    expect(externalUrl('http://localhost:8787/x')).toBe('http://localhost:8787/x');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'smb://host/share', 'ms-msdt:foo', 'https://user:pw@evil.example/', 'nonsense']) {
      expect(externalUrl(bad), bad).toBeNull();
    }
  });

  it('denies navigation away from the app, opening web links externally', () => {
    expect(decideNavigation(`${APP}#/x`, file)).toEqual({ action: 'allow' });
    expect(decideNavigation('https://example.com/', file)).toEqual({ action: 'open-external', url: 'https://example.com/' });
    expect(decideNavigation('file:///etc/passwd', file)).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://example.com/')).toEqual({ action: 'open-external', url: 'https://example.com/' });
    expect(decideWindowOpen(APP)).toEqual({ action: 'deny' });
  });

  it('hardens a WebContents: will-navigate, window.open and webviews', () => {
    const on = new Map<string, (...a: never[]) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents: ContentsLike = {
      on: ((event: string, l: (...a: never[]) => void) => on.set(event, l)) as ContentsLike['on'],
      setWindowOpenHandler: (h) => void (openHandler = h),
    };
    const opened: string[] = [];
    hardenWebContents(contents, file, (u) => opened.push(u));

    const nav = (url: string) => {
      const e = { preventDefault: vi.fn() };
      (on.get('will-navigate') as unknown as (e: object, u: string) => void)(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://example.com/a')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav(APP)).toBe(false);
    // Electron's current shape: the URL on the event (the positional one is deprecated).
    const current = { preventDefault: vi.fn(), url: 'javascript:alert(1)' };
    (on.get('will-navigate') as unknown as (e: object, u: string) => void)(current, APP);
    expect(current.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://example.com/b' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/a', 'https://example.com/b']);
    const attach = { preventDefault: vi.fn() };
    (on.get('will-attach-webview') as unknown as (e: object) => void)(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('permission policy', () => {
  it('denies everything but clipboard writes from the app itself', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP, file)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', file)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, file)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p, APP, file), p).toBe(false);
    }
  });

  it('installs request, check and device handlers on the session', () => {
    const handlers: Record<string, (...a: never[]) => unknown> = {};
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => void (handlers.request = h as never),
      setPermissionCheckHandler: (h) => void (handlers.check = h as never),
      setDevicePermissionHandler: (h) => void (handlers.device = h as never),
    };
    denyPermissionsByDefault(session, file);
    const granted: boolean[] = [];
    (handlers.request as unknown as (...a: unknown[]) => void)({}, 'media', (g: boolean) => granted.push(g), { requestingUrl: APP });
    (handlers.request as unknown as (...a: unknown[]) => void)({}, 'clipboard-sanitized-write', (g: boolean) => granted.push(g), { requestingUrl: APP });
    expect(granted).toEqual([false, true]);
    expect((handlers.check as unknown as (...a: unknown[]) => boolean)({}, 'geolocation', 'file://', { requestingUrl: APP })).toBe(false);
    const check = handlers.check as unknown as (...a: unknown[]) => boolean;
    expect(check({ getURL: () => APP }, 'clipboard-sanitized-write', 'file://', {})).toBe(true);
    expect(check({ getURL: () => 'file:///tmp/evil.html' }, 'clipboard-sanitized-write', 'file://', {})).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'file://', {})).toBe(false);
    expect((handlers.device as unknown as () => boolean)()).toBe(false);
  });
});
