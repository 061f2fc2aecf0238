/**
 * Fuzzes every contract operation through the IPC guard the desktop app registers
 * (src-main/shell/ipc.ts, the real one) on a fake ipcMain, over a real core on a real
 * SQLite file: schema-derived, mutated and junk inputs including what only structured
 * clone can carry (undefined, NaN, BigInt, Map, Date, typed arrays), extra arguments, and
 * calls from frames that are not the app's.
 */
import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type OperationName } from '../../src-main/contract';
import { Hookbay } from '../../src-main/core/hookbay';
import { createHandlers } from '../../src-main/core/service';
import type { IpcReply } from '../../src-main/shell/ipc';
import type { FrameLike } from '../../src-main/shell/trusted-origin';
import { recordingLogger } from '../support/logger';
import { startTarget, type TargetServer } from '../support/target-server';
import { tempDir } from '../support/temp';
import { Excluded } from './known-findings';
import { CaseChecks } from './support/case-checks';
import { APP_FRAME, serveOverFakeIpc, type FakeIpc } from './support/fake-ipc';
import { describeValue } from './support/deep';
import { Coverage, fuzz, LONG, MINUTES, Violation } from './support/fuzz-config';
import { HEALTH_BUDGET_MS, integrityCheck, Sentinels } from './support/invariants';
import { cloneJunk } from './support/junk';
import { operationCase, type OperationCase } from './support/operation-cases';
import { buildWorld, SENTINEL_SLUG, type Setup } from './support/world';

const tmp = tempDir('hookbay-fuzz-ipc-');
const log = recordingLogger();
let app: Hookbay;
let ipc: FakeIpc;
let target: TargetServer;
let setup: Setup;
let sentinels: Sentinels;
let checks: CaseChecks;
const excluded = new Excluded();
const coverage = new Coverage();

const call = async (op: OperationName, input: unknown) => {
  const reply = await ipc.invoke(op, APP_FRAME, [input]);
  return reply?.ok ? { ok: true, value: reply.value } : { ok: false, value: reply?.error };
};

beforeAll(async () => {
  target = await startTarget();
  app = await Hookbay.start({ dataDir: tmp.dir, receiverPort: 0 }, { mode: 'desktop', logger: log });
  ipc = serveOverFakeIpc(createHandlers(app), log);
  setup = await buildWorld(call, app.receiverUrl, target.url);
  sentinels = new Sentinels(app.receiverUrl, SENTINEL_SLUG);
  checks = new CaseChecks({ transport: 'ipc', setup, sentinels, excluded, call, receiverUrl: () => app.receiverUrl });
}, 60_000);

afterAll(async () => {
  ipc?.stop();
  await app?.close();
  await target?.close();
  tmp.remove();
});

/** Frames the guard must refuse before anything reaches the core. */
const FOREIGN_FRAMES: (FrameLike | null)[] = [
  null,
  { ...APP_FRAME, isDestroyed: () => true },
  { ...APP_FRAME, url: 'https://evil.example/' },
  { ...APP_FRAME, url: 'file:///tmp/other.html' },
  { ...APP_FRAME, parent: APP_FRAME },
];

interface IpcCase {
  c: OperationCase;
  /** Arguments after the input (a renderer may send any number). */
  extra: readonly unknown[];
  /** Index into FOREIGN_FRAMES, or -1 for the app's own frame. */
  frame: number;
}

const ipcCase: fc.Arbitrary<IpcCase> = fc.record({
  c: fc.constant(null).chain(() => operationCase(setup.world, cloneJunk)),
  extra: fc.oneof({ weight: 12, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(cloneJunk, { minLength: 1, maxLength: 3 }) }),
  frame: fc.oneof({ weight: 15, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: FOREIGN_FRAMES.length - 1 }) }),
});

/** What a reply must look like: a value, or `{ code, message }` that is not an internal error. */
function replyProblem(reply: IpcReply, c: IpcCase): string | null {
  if (c.frame >= 0) return !reply.ok && reply.error.code === 'forbidden' ? null : `a foreign frame got ${describeValue(reply).slice(0, 200)}`;
  if (reply.ok) return c.extra.length > 0 ? 'extra arguments were accepted' : null;
  if (!ApiError.safeParse(reply.error).success) return `malformed error ${describeValue(reply.error).slice(0, 300)}`;
  if (reply.error.code === 'internal') {
    const last = log.entries.filter((e) => e.level === 'error').at(-1);
    const err = last?.fields.err as Error | undefined;
    return `internal error: ${reply.error.message}; log: ${last?.message} ${err?.name ?? ''}: ${err?.message ?? ''} ${(err?.stack ?? '').split('\n').slice(1, 3).join(' | ')}`;
  }
  if (reply.error.code === 'storage_unavailable') return null;
  if (['unavailable'].includes(reply.error.code)) return `unavailable (503) that is not a storage failure: ${reply.error.message}`;
  return null;
}

describe('fuzzing the IPC guard', () => {
  it(
    'keeps every invariant for schema-derived, mutated and junk calls of every operation',
    async () => {
      const findings = await fuzz(
        'ipc',
        ipcCase,
        async (ic) => {
          if (checks.leaveOut(ic.c)) return;
          const frame = ic.frame < 0 ? APP_FRAME : FOREIGN_FRAMES[ic.frame]!;
          // The health check goes through the same guard, concurrently: a blocked event loop shows here.
          const started = performance.now();
          const health = ipc.invoke('health', APP_FRAME, [{}]).then(() => performance.now() - started);
          const reply = await ipc.invoke(ic.c.op, frame, [ic.c.input, ...ic.extra]);
          const healthMs = Math.max(await health, await (async () => {
            const t = performance.now();
            await ipc.invoke('health', APP_FRAME, [{}]);
            return performance.now() - t;
          })());
          const problems: string[] = [];
          coverage.add(ic.c.op, reply === null ? 'unsendable' : reply.ok ? 'ok' : reply.error.code);
          if (reply !== null) {
            const p = replyProblem(reply, ic);
            if (p) problems.push(p);
            if (reply.ok) setup.harvest(ic.c.op, reply.value);
          }
          if (healthMs > HEALTH_BUDGET_MS) problems.push(`health answered after ${Math.round(healthMs)} ms (budget ${HEALTH_BUDGET_MS} ms)`);
          problems.push(...(await checks.afterCase()));
          if (problems.length > 0) throw new Violation(`${ic.c.op}: ${problems.join('; ')}`);
        },
        60,
        LONG ? MINUTES * 60_000 : 120_000,
      );
      excluded.report('ipc');
      coverage.report('ipc');

      const lost = await sentinels.verify(async (id) => {
        const reply = await ipc.invoke('getRequest', APP_FRAME, [{ id }]);
        const v = reply?.ok ? (reply.value as { bodyBase64: string; path: string }) : undefined;
        return { status: v ? 200 : 404, bodyBase64: v?.bodyBase64, path: v?.path };
      });
      expect(sentinels.acks.length).toBeGreaterThan(0);
      expect(lost).toEqual([]);
      expect(sentinels.failures).toEqual([]);
      expect(integrityCheck(path.join(tmp.dir, 'hookbay.db'))).toBe('ok');
      expect(findings).toEqual([]);
    },
    LONG ? MINUTES * 60_000 + 600_000 : 300_000,
  );
});
