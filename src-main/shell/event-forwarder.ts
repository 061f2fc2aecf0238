import type { HookbayEvent } from '../contract/events';
import { IPC_EVENT_CHANNEL } from '../contract/names';
import type { EventBus } from '../core/events';

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: HookbayEvent): void;
}

/**
 * Pushes core events to the renderer on one channel. The target is looked up per event
 * because the window can be closed and re-created (macOS) while the core keeps running.
 */
export function forwardEvents(bus: EventBus, target: () => EventTarget | null): () => void {
  return bus.subscribe((event) => {
    const t = target();
    if (t && !t.isDestroyed()) t.send(IPC_EVENT_CHANNEL, event);
  });
}
