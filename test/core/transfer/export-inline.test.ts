/**
 * `exportJson`/`exportHar` as one value (what IPC returns), over the real IPC guard and a real
 * core: built in slices with the event loop turning between (F10: an export of everything
 * held a concurrent health call for 2.5 s), refused past the inline limit naming the
 * selection, and the same document the streamed HTTP export writes.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { createHandlers, streamedHandlers } from '../../../src-main/core/service';
import { recordingLogger } from '../../support/logger';
import { tempDir } from '../../support/temp';
import { APP_FRAME, serveOverFakeIpc, type FakeIpc } from '../../fuzz/support/fake-ipc';
import { postFresh } from '../../fuzz/support/invariants';

const STORED = 1500;
const tmp = tempDir('hookbay-export-inline-');
let app: Hookbay;
let ipc: FakeIpc;

beforeAll(async () => {
  app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0 }, { mode: 'desktop', logger: recordingLogger() });
  ipc = serveOverFakeIpc(createHandlers(app), recordingLogger());
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < STORED) {
        const n = next++;
        await postFresh(`${app.receiverUrl}/default/r${n}`, crypto.randomBytes(n % 50 === 0 ? 60_000 : 2_000), 'application/octet-stream');
      }
    }),
  );
}, 120_000);

afterAll(async () => {
  ipc?.stop();
  await app?.close();
  tmp.remove();
});

/** Runs `work` while counting event-loop turns and timing a health call sent just before it. */
async function whileCounting<T>(work: () => Promise<T>): Promise<{ value: T; turns: number; healthMs: number; workMs: number }> {
  let turns = 0;
  let ticking = true;
  const tick = () => {
    if (!ticking) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  const health = ipc.invoke('health', APP_FRAME, [{}]).then(() => performance.now() - started);
  const value = await work();
  const workMs = performance.now() - started;
  ticking = false;
  return { value, turns, healthMs: await health, workMs };
}

describe('inline exports over IPC', () => {
  it.each(['exportJson', 'exportHar'] as const)('%s of everything lets the event loop turn while it is built', async (op) => {
    const { value, turns, healthMs, workMs } = await whileCounting(() => ipc.invoke(op, APP_FRAME, [{ filter: {} }]));
    expect(value).toMatchObject({ ok: true });
    // Load-independent: one pass gives ~0 turns and a health call as slow as the whole export.
    expect(turns, `export ${Math.round(workMs)} ms, health ${Math.round(healthMs)} ms`).toBeGreaterThanOrEqual(3);
    expect(healthMs).toBeLessThan(workMs / 2);
  });

  it('returns the document the streamed HTTP export writes', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i * 37 + 1);
    const inline = await ipc.invoke('exportJson', APP_FRAME, [{ ids }]);
    const streamed = JSON.parse([...streamedHandlers(app).exportJson({ ids })].join('')) as unknown;
    expect(inline).toEqual({ ok: true, value: streamed });
  });

  it('refuses past the inline limit, naming the selection and what to use instead', async () => {
    const small = serveOverFakeIpc(createHandlers(app, { inlineExportBytes: 200_000 }), recordingLogger());
    for (const [input, path] of [[{ filter: {} }, 'filter'], [{ ids: Array.from({ length: 500 }, (_, i) => i + 1) }, 'ids']] as const) {
      for (const op of ['exportJson', 'exportHar'] as const) {
        const reply = await small.invoke(op, APP_FRAME, [input]);
        expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path, message: expect.stringMatching(/saveExport/) }] } });
      }
    }
    expect(await small.invoke('exportJson', APP_FRAME, [{ ids: [1, 2, 3] }])).toMatchObject({ ok: true });
    small.stop();
  });
});
