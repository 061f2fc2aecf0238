import { isTrustedRendererUrl, type RendererLocation } from './trusted-origin';

export type NavigationDecision = { action: 'allow' } | { action: 'deny' } | { action: 'open-external'; url: string };

/** Only web links leave the app, and only to the system browser. */
export function externalUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '') {
      return u.toString();
    }
  } catch {
    /* not a URL */
  }
  return null;
}

/**
 * `will-navigate`: staying on the app's own document (a reload in dev) is allowed; http(s)
 * links open in the system browser; everything else (file:, javascript:, data:, custom
 * schemes) is denied.
 */
export function decideNavigation(url: string, location: RendererLocation): NavigationDecision {
  if (isTrustedRendererUrl(url, location)) return { action: 'allow' };
  const external = externalUrl(url);
  return external ? { action: 'open-external', url: external } : { action: 'deny' };
}

/** `setWindowOpenHandler`: the app never opens windows of its own; http(s) goes to the browser. */
export function decideWindowOpen(url: string): NavigationDecision {
  const external = externalUrl(url);
  return external ? { action: 'open-external', url: external } : { action: 'deny' };
}

/** What `hardenWebContents` needs from a WebContents (structural, so tests need no Electron). */
export interface ContentsLike {
  on(event: 'will-navigate', listener: (event: { preventDefault(): void; url?: string }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Applied to every WebContents the app creates (from `app.on('web-contents-created')`),
 * so no window can slip past it.
 */
export function hardenWebContents(
  contents: ContentsLike,
  location: RendererLocation,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    // `event.url` is current; the positional `url` is deprecated but kept as a fallback.
    const decision = decideNavigation(event.url ?? url, location);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-external') openExternal(decision.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.action === 'open-external') openExternal(decision.url);
    return { action: 'deny' };
  });
}
