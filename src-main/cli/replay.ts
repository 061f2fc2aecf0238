/** `hookbay replay <id> [--to url] [--resign]`: send a captured request again and show what came back. */
import type { Delivery } from '../contract/requests';
import { openClient, type Client } from './client';
import type { Command } from './command';
import { HELP_FLAG, UsageError } from './flags';
import { humanLine, LiveStream, paintFor, PLAIN } from './live-log';
import { OWNER_HELP } from './requests';
import { dataDirOf, DATA_FLAG, JSON_FLAG } from './server-flags';

/** A delivery has its first outcome (or is finished). */
const settled = (d: Delivery) => d.attempts.length > 0 || d.state === 'delivered' || d.state === 'failed' || d.state === 'cancelled';

async function firstOutcomes(client: Client, requestId: number, timeoutMs: number): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { deliveries } = await client.call('getRequest', { id: requestId });
    if (deliveries.every(settled) || Date.now() > deadline) return deliveries;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const replay: Command = {
  spec: {
    name: 'replay',
    usage: 'replay <id> [--to URL] [--resign]',
    summary: "send a captured request again, to the endpoint's targets or another URL",
    flags: [
      { name: 'to', type: 'string', kind: 'target', value: 'PORT|URL', help: "send here instead of the endpoint's forward targets: a URL, host:port, or a port (http://localhost:PORT)" },
      { name: 'resign', type: 'boolean', help: "re-sign with the endpoint's secret and a fresh timestamp" },
      { name: 'wait', type: 'string', value: 'SECONDS', default: '35', help: 'how long to wait for the first answer' },
      DATA_FLAG,
      JSON_FLAG,
      HELP_FLAG,
    ],
    details: `The replay is stored as a new request linked to the original (replayOf), like a replay from
the inspector. Prints one line per target's first attempt; exits 1 when one failed.\n\n${OWNER_HELP}`,
  },
  run: async ({ values, positionals, runtime }) => {
    const [raw, ...extra] = positionals;
    if (!raw || !/^\d+$/.test(raw)) throw new UsageError('give the id of a captured request (hookbay requests lists them)', 'replay');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'replay');
    // Already an absolute http(s) URL: `parseCommand` parses every target flag.
    const url = values.to as string | undefined;
    const wait = Number((values.wait as string | undefined) ?? 35);
    if (!Number.isFinite(wait) || wait < 0) throw new UsageError('--wait: expected seconds (0 or more)', 'replay');
    const json = values.json === true;
    const client = await openClient(dataDirOf(values), { sends: true, runtime });
    try {
      const result = await client.call('replayRequest', { id: Number(raw), ...(url ? { url } : {}), ...(values.resign ? { resign: true } : {}) });
      const deliveries = result.deliveryIds.length > 0 && wait > 0 ? await firstOutcomes(client, result.requestId, wait * 1000) : [];
      const paint = json ? PLAIN : paintFor(process.stdout, process.env);
      if (json) process.stdout.write(JSON.stringify({ type: 'replay', ...result }) + '\n');
      else process.stdout.write(`Replayed #${raw} as #${result.requestId}${result.resigned ? ' (re-signed)' : ''}${result.deliveryIds.length === 0 ? '; the endpoint has no forward targets (pass --to URL)' : ''}\n`);
      const stream = new LiveStream();
      let failed = false;
      for (const d of deliveries) {
        for (const r of stream.records({ type: 'delivery.updated', delivery: d })) {
          if (r.type === 'attempt' && !r.ok) failed = true;
          process.stdout.write((json ? JSON.stringify(r) : humanLine(r, paint)) + '\n');
        }
        if (d.attempts.length === 0) {
          failed = true;
          process.stderr.write(`hookbay: no answer from ${d.targetUrl} within ${wait} s; the delivery stays queued.\n`);
        }
      }
      if (failed) process.exitCode = 1;
    } finally {
      await client.close();
    }
  },
};
