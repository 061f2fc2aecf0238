import { EndpointInput, type EndpointInput as EndpointInputType } from '../../src-main/contract/endpoints';
import { Hookbay } from '../../src-main/core/hookbay';
import type { EndpointRecord } from '../../src-main/core/store/endpoint-store';
import { tempDir } from './target-server';

/** A real core on a free loopback port with a fresh data directory. */
export async function startApp(dataDir = tempDir()): Promise<Hookbay> {
  return Hookbay.start({ dataDir, receiverPort: 0, receiverHost: '127.0.0.1' });
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
