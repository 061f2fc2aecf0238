/**
 * HTTP Toolkit's engine as a webhook recorder: one catch-all rule that answers 200 and
 * records every request (bodies included), which is what its tests read back.
 */
import { getLocal } from 'mockttp';
import { announceReady, onStop } from './protocol';

async function main(): Promise<void> {
  const server = getLocal({ recordTraffic: true });
  await server.start();
  const endpoint = await server.forAnyRequest().thenReply(200, '{"ok":true}', { 'Content-Type': 'application/json', 'Content-Length': '11' });
  announceReady(server.port);
  onStop(
    async () => {
      const seen = await endpoint.getSeenRequests();
      // Prove the bodies were kept, not just counted.
      let bodyBytes = 0;
      for (const r of seen.slice(-10)) bodyBytes += (await r.body.getDecodedBuffer())?.length ?? 0;
      if (seen.length > 0 && bodyBytes === 0) throw new Error('mockttp kept no bodies');
      return seen.length;
    },
    () => server.stop(),
  );
}
void main();
