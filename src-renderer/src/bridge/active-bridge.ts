import type { HookbayBridge } from '@contract';

let active: HookbayBridge | null = null;

/** Set once at startup (and by tests); stores call the contract through `bridge()`. */
export function setBridge(next: HookbayBridge): void {
  active = next;
}

export function bridge(): HookbayBridge {
  if (!active) throw new Error('The Hookbay bridge is not set up yet.');
  return active;
}
