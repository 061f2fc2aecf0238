import type { HookbayBridge } from '@contract';
import { takeApiToken } from './api-token';
import { createHttpBridge } from './http-bridge';
import type { StreamState } from './event-stream';

declare global {
  interface Window {
    /** Exposed by the Electron preload: exactly `HookbayBridge`. */
    hookbay?: HookbayBridge;
  }
}

export interface ChosenBridge {
  bridge: HookbayBridge;
  transport: 'ipc' | 'http';
  /** Whether an HTTP token was given (URL or this tab's storage); IPC needs none. */
  hasToken: boolean;
}

/** IPC when the Electron preload exposed `window.hookbay`, else HTTP + SSE to the page's origin. */
export function chooseBridge(handlers: {
  onStreamState: (state: StreamState, detail?: { retryAt: number; reason: string }) => void;
  /** HTTP only: the server refused the token (at start, or later: restarted with another one). */
  onTokenRefused: () => void;
}): ChosenBridge {
  if (window.hookbay) return { bridge: window.hookbay, transport: 'ipc', hasToken: true };
  const token = takeApiToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  return { bridge: createHttpBridge({ baseUrl: '', token, ...handlers }), transport: 'http', hasToken: token !== null };
}
