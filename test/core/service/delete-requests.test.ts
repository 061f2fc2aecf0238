/**
 * `deleteRequests` of a large selection: every id deleted (missing ones skipped), one event,
 * kept counts right, and the event loop turning meanwhile. Each id used to be its own commit
 * (an fsync each): 4,400 ids held a concurrent health check ~1 s (fuzz, API suite, seed
 * 1533378299, path 304).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookbayEvent } from '../../../src-main/contract';
import { derive, EAGER_PARSE_BYTES } from '../../../src-main/core/capture/derive';
import { Hookbay } from '../../../src-main/core/hookbay';
import { createHandlers } from '../../../src-main/core/service';
import { SLICE_MS } from '../../../src-main/core/slices';
import type { CapturedRequest } from '../../../src-main/core/store/rows';
import { recordingLogger } from '../../support/logger';
import { withLoopTurns } from '../../support/loop-turns';
import { tempDir } from '../../support/temp';

const STORED = 4000;
const tmp = tempDir('hookbay-delete-many-');
let app: Hookbay;
const ids: number[] = [];

beforeAll(async () => {
  app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0 }, { restoreTunnel: false, logger: recordingLogger() });
  const endpoint = app.endpoints.defaultEndpoint;
  const body = Buffer.from('{"type":"invoice.paid","id":"evt_1"}');
  const headers: [string, string][] = [['Content-Type', 'application/json']];
  const make = (i: number): CapturedRequest => ({
    endpointId: endpoint.id,
    method: 'POST',
    path: `/d${i}`,
    query: '',
    headers,
    body,
    size: body.length,
    truncated: false,
    remoteAddress: '127.0.0.1',
    receivedAt: Date.now() + i,
    via: 'direct',
    ...derive(headers, body, EAGER_PARSE_BYTES),
    error: null,
    replayOf: null,
    verification: null,
  });
  for (let i = 0; i < STORED; i += 100) {
    const stored = await Promise.all(Array.from({ length: 100 }, (_, j) => app.writer.write(make(i + j), endpoint)));
    ids.push(...stored.map((s) => s.id));
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  tmp.remove();
});

describe('deleteRequests of thousands of ids', () => {
  it('deletes them all in slices with the loop turning, skips missing ids, and says so once', async () => {
    const handlers = createHandlers(app);
    const events: HookbayEvent[] = [];
    const unsubscribe = app.events.subscribe((e) => void events.push(e));
    const keep = ids.slice(-10);
    const selection = [...ids.slice(0, -10), 999_999_999];
    const { value: result, turns, maxGapMs, workMs } = await withLoopTurns(() => handlers.deleteRequests({ ids: selection }));
    unsubscribe();

    expect(result).toEqual({ deleted: STORED - 10 });
    const left = await handlers.listRequests({ limit: 100 });
    expect(left.items.map((r) => r.id).sort((a, b) => a - b)).toEqual(keep);
    expect((await handlers.getFacets({})).total).toBe(10);
    const deletedEvents = events.filter((e) => e.type === 'requests.deleted');
    expect(deletedEvents).toHaveLength(1);
    expect(deletedEvents[0]).toMatchObject({ ids: ids.slice(0, -10) });
    // Relative, as in export-inline.test.ts: one synchronous pass leaves no turn and one gap as
    // long as the whole call. (A commit per id took 3,990 ids ~0.9 s here, with no turn.)
    const seen = `delete ${Math.round(workMs)} ms, ${turns} turns, longest gap ${Math.round(maxGapMs)} ms`;
    if (workMs > SLICE_MS * 3) {
      expect(turns, seen).toBeGreaterThanOrEqual(1);
      expect(maxGapMs, seen).toBeLessThan(workMs * 0.9);
    }
  });
});
