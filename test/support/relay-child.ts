/**
 * A Hookbay core in its own process, so a test can SIGKILL it mid-backoff and start it
 * again on the same data directory. Bundled by `spawnRelayChild` with esbuild.
 * argv: <dataDir> <targetUrl> <initialIntervalMs>
 */
import { EndpointInput } from '../../src-main/contract/endpoints';
import { Hookbay } from '../../src-main/core/hookbay';

async function main(): Promise<void> {
  const [dataDir, targetUrl, interval] = process.argv.slice(2);
  const app = await Hookbay.start({ dataDir: dataDir!, receiverPort: 0, receiverHost: '127.0.0.1' });
  if (!app.endpoints.byIdOrSlug('crash')) {
    app.endpoints.create(
      EndpointInput.parse({
        name: 'crash',
        slug: 'crash',
        forward: [{ url: targetUrl }],
        retry: { maxAttempts: 5, initialIntervalMs: Number(interval), factor: 1, timeoutMs: 30_000 },
      }),
    );
  }
  process.stdout.write(`${JSON.stringify({ ready: true, receiverUrl: app.receiverUrl })}\n`);
}

void main();
