import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FATAL_EXIT_CODE, installDesktopLastResort, type ShownError } from '../../src-main/shell/last-resort';
import { recordingLogger } from '../support/logger';

/**
 * The desktop main process's last resort (issue 11 item 2), with Electron's parts injected:
 * the decision of docs/architecture.md, "Error model" — keep running while the core serves,
 * exit non-zero after telling the user when it does not, or when errors keep coming.
 */
function harness(o: { serving?: () => boolean; stopping?: () => boolean; answer?: () => Promise<'keep' | 'restart'> } = {}) {
  const source = new EventEmitter();
  const log = recordingLogger('/data/logs/desktop.log');
  const asked: ShownError[] = [];
  const fatal: ShownError[] = [];
  const shutdowns: number[] = [];
  let restarts = 0;
  let clock = 0;
  const uninstall = installDesktopLastResort({
    log,
    source,
    now: () => clock,
    coreServing: o.serving ?? (() => true),
    ...(o.stopping ? { stopping: o.stopping } : {}),
    ask: (e) => {
      asked.push(e);
      return o.answer ? o.answer() : new Promise(() => {});
    },
    tellFatal: (e) => void fatal.push(e),
    restart: () => void restarts++,
    shutdown: (code) => void shutdowns.push(code),
  });
  return {
    source,
    log,
    asked,
    fatal,
    shutdowns,
    restarts: () => restarts,
    advance: (ms: number) => void (clock += ms),
    uninstall,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the desktop last resort', () => {
  it('logs an uncaught exception, tells the user once and keeps running while the core serves', () => {
    const h = harness();
    h.source.emit('uncaughtException', new Error('a bug in a menu handler'));
    expect(h.log.entries).toEqual([
      { level: 'error', message: 'uncaught exception in the main process', fields: { err: expect.objectContaining({ message: 'a bug in a menu handler' }) } },
    ]);
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]!.message).toContain('a bug in a menu handler');
    expect(h.asked[0]!.detail).toContain('/data/logs/desktop.log');
    expect(h.shutdowns).toEqual([]);
    // A second error while the dialog is open is logged, not stacked as another dialog.
    h.source.emit('unhandledRejection', new Error('a rejected clipboard write'));
    expect(h.log.entries.map((e) => e.message)).toEqual(['uncaught exception in the main process', 'unhandled promise rejection in the main process']);
    expect(h.asked).toHaveLength(1);
    expect(h.shutdowns).toEqual([]);
  });

  it('restarts Hookbay when the user asks, and asks again after a "keep running"', async () => {
    const answers: ('keep' | 'restart')[] = ['keep', 'restart'];
    const h = harness({ answer: async () => answers.shift()! });
    h.source.emit('uncaughtException', new Error('one'));
    await tick();
    expect(h.restarts()).toBe(0);
    h.advance(61_000);
    h.source.emit('uncaughtException', new Error('two'));
    await tick();
    expect(h.asked).toHaveLength(2);
    expect(h.restarts()).toBe(1);
    expect(h.shutdowns).toEqual([]);
  });

  it('carries on (logged) when no dialog can be shown', async () => {
    const h = harness({ answer: () => Promise.reject(new Error('no display')) });
    h.source.emit('uncaughtException', new Error('one'));
    await tick();
    h.source.emit('uncaughtException', new Error('two'));
    expect(h.asked).toHaveLength(2);
    expect(h.shutdowns).toEqual([]);
  });

  it(`tells the user and exits ${FATAL_EXIT_CODE} when the core no longer serves`, () => {
    const h = harness({ serving: () => false });
    h.source.emit('unhandledRejection', 'not even an Error');
    expect(h.asked).toEqual([]);
    expect(h.fatal).toHaveLength(1);
    expect(h.fatal[0]!.message).toContain('not even an Error');
    expect(h.fatal[0]!.detail).toContain('/data/logs/desktop.log');
    expect(h.shutdowns).toEqual([FATAL_EXIT_CODE]);
    expect(h.log.entries.map((e) => e.message)).toEqual(['unhandled promise rejection in the main process', 'unhandled promise rejection: exiting']);
  });

  it('treats a core that cannot say whether it serves as not serving', () => {
    const h = harness({
      serving: () => {
        throw new Error('no core yet');
      },
    });
    h.source.emit('uncaughtException', new Error('during start-up'));
    expect(h.shutdowns).toEqual([FATAL_EXIT_CODE]);
  });

  it('only logs while Hookbay is already quitting', () => {
    const h = harness({ serving: () => false, stopping: () => true });
    h.source.emit('uncaughtException', new Error('while closing'));
    expect(h.log.entries.map((e) => e.message)).toEqual(['uncaught exception in the main process']);
    expect(h.asked).toEqual([]);
    expect(h.fatal).toEqual([]);
    expect(h.shutdowns).toEqual([]);
  });

  it('stops listening once uninstalled', () => {
    const h = harness();
    h.uninstall();
    expect(h.source.listenerCount('uncaughtException') + h.source.listenerCount('unhandledRejection')).toBe(0);
  });

  it('for any sequence of errors: logs each, exits at most once, and exactly when the core was down or errors stormed', () => {
    const step = fc.record({
      kind: fc.constantFrom('uncaughtException', 'unhandledRejection'),
      gapMs: fc.integer({ min: 0, max: 90_000 }),
      serving: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let serving = true;
        const h = harness({ serving: () => serving });
        // The model: the exit is due at the first error that finds the core down, or that is
        // the fourth within 60 s.
        const times: number[] = [];
        let clock = 0;
        let due = false;
        for (const s of steps) {
          clock += s.gapMs;
          h.advance(s.gapMs);
          serving = s.serving;
          if (!due) {
            times.push(clock);
            const recent = times.filter((t) => clock - t < 60_000);
            if (!s.serving || recent.length > 3) due = true;
          }
          h.source.emit(s.kind, new Error('bug'));
        }
        expect(h.shutdowns).toEqual(due ? [FATAL_EXIT_CODE] : []);
        expect(h.fatal).toHaveLength(due ? 1 : 0);
        expect(h.log.entries.filter((e) => e.message.endsWith('in the main process'))).toHaveLength(steps.length);
        expect(h.asked.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
