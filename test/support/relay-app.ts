import type { HookbayApi } from '../../src-main/contract';
import { EndpointInput, type EndpointInput as EndpointInputType } from '../../src-main/contract/endpoints';
import type { Hookbay } from '../../src-main/core/hookbay';
import type { EndpointRecord } from '../../src-main/core/store/endpoint-store';
import { startTestApp, type TestApp } from './app';

const running = new Map<Hookbay, TestApp>();

/** A real core on a free loopback port with a fresh data directory (see `startTestApp`). */
export async function startApp(): Promise<Hookbay> {
  const t = await startTestApp({ receiverHost: '127.0.0.1' });
  running.set(t.app, t);
  return t.app;
}

/** Closes the core and removes its data directory. */
export async function stopApp(app: Hookbay | null): Promise<void> {
  if (!app) return;
  const t = running.get(app);
  running.delete(app);
  await (t ? t.stop() : app.close());
}

/** The contract as the transports serve it (zod-parsed input, `{ code, message }` errors). */
export function apiOf(app: Hookbay): HookbayApi {
  return running.get(app)!.api;
}

export function createEndpoint(app: Hookbay, input: EndpointInputType): EndpointRecord {
  return app.endpoints.create(EndpointInput.parse(input));
}

/** Polls until `check` returns a truthy value. */
export async function until<T>(check: () => T | null | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
