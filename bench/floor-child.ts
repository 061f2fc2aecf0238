/**
 * Hookbay's own per-request work without HTTP: derive the request's fields, then store it
 * through the real capture writer (group commit, every hook) in batches of 32, as wrk's
 * 32 connections produce them. Runs pinned like the servers; prints `FLOOR {json}`.
 * Added to the bare server's per-request time, it bounds what Hookbay can reach on one core.
 */
import fs from 'node:fs';
import { derive, EAGER_PARSE_BYTES } from '../src-main/core/capture/derive';
import { Hookbay } from '../src-main/core/hookbay';
import type { CapturedRequest } from '../src-main/core/store/rows';

export interface Floor {
  /** Derive + store, per request, microseconds. */
  storeUs: number;
  /** Of which deriving (content type, event type/id: JSON parse of the body). */
  deriveUs: number;
}

async function main(): Promise<void> {
  const [dataDir, bodyFile, nArg] = process.argv.slice(2);
  const body = fs.readFileSync(bodyFile!);
  const n = Number(nArg);
  const app = await Hookbay.start({ dataDir: dataDir!, receiverPort: 0 });
  const endpoint = app.endpoints.defaultEndpoint;
  const headers: [string, string][] = [
    ['Host', '127.0.0.1:8787'],
    ['Content-Type', 'application/json'],
    ['Content-Length', String(body.length)],
  ];
  const make = (i: number): CapturedRequest => ({
    endpointId: endpoint.id,
    method: 'POST',
    path: '/bench/hook',
    query: '',
    headers,
    body,
    size: body.length,
    truncated: false,
    remoteAddress: '127.0.0.1',
    receivedAt: Date.now() + i,
    via: 'direct',
    // As the receiver does: bodies over EAGER_PARSE_BYTES are derived later, in the background.
    ...derive(headers, body, EAGER_PARSE_BYTES),
    error: null,
    replayOf: null,
    verification: null,
  });
  const BATCH = 32;
  const run = async (count: number) => {
    for (let i = 0; i < count; i += BATCH) {
      await Promise.all(Array.from({ length: BATCH }, (_, j) => app.writer.write(make(i + j), endpoint)));
    }
  };
  await run(Math.min(2000, n)); // warm up
  const t0 = process.hrtime.bigint();
  await run(n);
  const storeUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) derive(headers, body, EAGER_PARSE_BYTES);
  const deriveUs = Number(process.hrtime.bigint() - t1) / 1000 / n;
  await app.close();
  const out: Floor = { storeUs, deriveUs };
  process.stdout.write(`FLOOR ${JSON.stringify(out)}\n`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
