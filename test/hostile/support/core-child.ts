/**
 * A real headless Hookbay in a child process, for tests that must watch it from outside:
 * its memory (gc'd heap and RSS on request over IPC) and whether it stays up. Started by
 * core-process.ts, which bundles this file with esbuild.
 */
import { startHeadless } from '../../../src-main/headless/serve';

interface Ask {
  type: 'memory';
}

async function main(): Promise<void> {
  const core = JSON.parse(process.argv[2]!) as Record<string, unknown>;
  const token = 'hostile-test-token-0123456789';
  const h = await startHeadless({ core: { receiverPort: 0, ...core } as never, uiPort: 0, token, rendererDir: null });
  process.on('message', (m: Ask) => {
    if (m.type !== 'memory') return;
    // Twice: the first pass can leave garbage that only the second frees.
    global.gc?.();
    global.gc?.();
    const u = process.memoryUsage();
    process.send!({ type: 'memory', heapUsed: u.heapUsed, rss: u.rss, external: u.external });
  });
  process.on('SIGTERM', () => void h.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', receiverUrl: h.app.receiverUrl, apiUrl: h.apiUrl, token });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
