import type { HookbayEvent } from '@contract';
import { reconnectDelayMs, SseParser } from './sse-parser';

export type StreamState = 'connecting' | 'open' | 'lost';

export interface EventStreamOptions {
  url: string;
  token: string | null;
  onEvent(event: HookbayEvent): void;
  /** `open` after a `lost` means events may have been missed: refetch. */
  onState(state: StreamState, detail?: { retryAt: number; reason: string }): void;
  /**
   * The server refused the token (401). The stream stops for good: retrying cannot succeed
   * until the page has a new token, and a retry loop only hides what the user must do.
   */
  onTokenRefused(): void;
}

/**
 * Server-sent events over `fetch` (EventSource cannot send an Authorization header),
 * reconnecting with backoff until closed, or until the server refuses the token.
 */
export function openEventStream(options: EventStreamOptions): () => void {
  let closed = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const scheduleReconnect = (reason: string) => {
    if (closed) return;
    const delay = reconnectDelayMs(attempt++);
    options.onState('lost', { retryAt: Date.now() + delay, reason });
    timer = setTimeout(connect, delay);
  };

  const connect = async () => {
    if (closed) return;
    controller = new AbortController();
    options.onState('connecting');
    try {
      const res = await fetch(options.url, {
        headers: { Accept: 'text/event-stream', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (res.status === 401) {
        // A network loss, a restart or a 5xx can heal by itself; a refused token cannot.
        closed = true;
        void res.body?.cancel();
        options.onTokenRefused();
        return;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.feed(value)) {
          if (message.event === 'ready') {
            attempt = 0;
            options.onState('open');
            continue;
          }
          if (message.event !== 'message') continue;
          try {
            options.onEvent(JSON.parse(message.data) as HookbayEvent);
          } catch (err) {
            console.error('[hookbay] bad event', err);
          }
        }
      }
      scheduleReconnect('the server closed the event stream');
    } catch (err) {
      if (closed) return;
      scheduleReconnect(err instanceof Error ? err.message : String(err));
    }
  };

  void connect();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}
