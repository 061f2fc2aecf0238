import { afterEach } from 'vitest';
import type { HookbayApi } from '../../src-main/contract';
import { EndpointInput, type EndpointInput as EndpointInputType } from '../../src-main/contract/endpoints';
import type { Hookbay } from '../../src-main/core/hookbay';
import type { EndpointRecord } from '../../src-main/core/store/endpoint-store';
import { startTestApp, type TestApp } from './app';
import { ok, startTarget, type TargetHandler, type TargetServer } from './target-server';

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

export interface RelayFixture {
  /** Starts this test's core (a fresh data directory on a free port). */
  startApp(): Promise<Hookbay>;
  /** Starts a loopback target for this test. */
  startTarget(handler?: TargetHandler, port?: number): Promise<TargetServer>;
  /** The core this test started, for helpers declared outside the test. */
  readonly app: Hookbay;
}

/**
 * The set-up the capture and relay tests share: each test starts its core and its targets
 * through the fixture, and everything it started is stopped after it (core first, so no
 * delivery is in flight when its target goes). Call once at the top of a test file.
 */
export function relayFixture(): RelayFixture {
  let app: Hookbay | null = null;
  const targets: TargetServer[] = [];
  afterEach(async () => {
    await stopApp(app);
    app = null;
    await Promise.all(targets.splice(0).map((t) => t.close()));
  });
  return {
    async startApp() {
      app = await startApp();
      return app;
    },
    async startTarget(handler = ok, port = 0) {
      const target = await startTarget(handler, port);
      targets.push(target);
      return target;
    },
    get app() {
      if (!app) throw new Error('this test has not started a core');
      return app;
    },
  };
}
