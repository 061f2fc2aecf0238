import type { HookbayApi } from './index';
import type { HookbayEvent } from './events';

/**
 * What the renderer talks to, whatever the transport: one named async function per
 * contract operation, plus a subscription to pushed events. The Electron preload exposes
 * exactly this on `window.hookbay`; in a browser the HTTP + SSE bridge implements it.
 */
export type HookbayBridge = HookbayApi & {
  onEvent(listener: (event: HookbayEvent) => void): () => void;
};
