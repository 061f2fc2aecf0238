import { Hookbay, type StartOptions } from '../../src-main/core/hookbay';
import type { TunnelStatus } from '../../src-main/contract/tunnel';
import { tempDir } from './temp';

/**
 * A real core on a fresh temporary data directory and a free receiver port, with start options
 * (tunnel timing) that `startTestApp` does not take.
 */
export async function startHookbay(options: StartOptions = {}): Promise<{ app: Hookbay; dataDir: string; close(): Promise<void> }> {
  const tmp = tempDir();
  const app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0 }, options);
  return {
    app,
    dataDir: tmp.dir,
    close: async () => {
      await app.close();
      tmp.remove();
    },
  };
}

/** Resolves with the first published tunnel status that satisfies `match` (or the current one). */
export function tunnelStatusWhere(app: Hookbay, match: (s: TunnelStatus) => boolean, timeoutMs = 15_000): Promise<TunnelStatus> {
  if (match(app.tunnel.status)) return Promise.resolve(app.tunnel.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`tunnel status never matched; last: ${JSON.stringify(app.tunnel.status)}`));
    }, timeoutMs);
    const off = app.events.subscribe((e) => {
      if (e.type === 'tunnel.status' && match(e.status)) {
        clearTimeout(timer);
        off();
        resolve(e.status);
      }
    });
  });
}
