import type { HookbayEvent } from '../contract/events';

export type Listener = (event: HookbayEvent) => void;

/** Fan-out of UI events; transports subscribe and forward them (SSE, IPC). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: HookbayEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken subscriber (closed stream) must not stop capture.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
