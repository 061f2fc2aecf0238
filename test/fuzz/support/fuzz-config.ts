/**
 * How long to fuzz, and with which seeds. `npm test` runs a bounded pass: a fixed seed
 * (the same cases every time) and a random one, printed so a failure can be replayed.
 * `npm run fuzz` raises the runs and keeps drawing new seeds until its time is up.
 *
 *   HOOKBAY_FUZZ_RUNS     cases per seed (default: bounded)
 *   HOOKBAY_FUZZ_SEED     replay exactly this seed (with HOOKBAY_FUZZ_PATH to jump to the shrunk case)
 *   HOOKBAY_FUZZ_MINUTES  keep fuzzing with fresh seeds for this long (npm run fuzz)
 *   HOOKBAY_FUZZ_KNOWN=1  include cases of known findings (test/fuzz/known-findings.ts)
 */
import fc from 'fast-check';
import { describeValue, errorText } from './deep';

export const FIXED_SEED = 20261202;
export const MINUTES = Number(process.env.HOOKBAY_FUZZ_MINUTES ?? 0);
export const LONG = MINUTES > 0;
export const INCLUDE_KNOWN = process.env.HOOKBAY_FUZZ_KNOWN === '1';

export function runsPerSeed(bounded: number): number {
  return Number(process.env.HOOKBAY_FUZZ_RUNS ?? (LONG ? bounded * 10 : bounded));
}

/** The seeds to run: the given one; else fixed + random; in a long run, fresh ones until time is up. */
export function* seeds(): Generator<number> {
  if (process.env.HOOKBAY_FUZZ_SEED !== undefined) {
    yield Number(process.env.HOOKBAY_FUZZ_SEED);
    return;
  }
  yield FIXED_SEED;
  const until = Date.now() + MINUTES * 60_000;
  do yield (Math.random() * 2 ** 31) | 0;
  while (Date.now() < until);
}

/**
 * Thrown by a property when Hookbay broke an invariant: a finding. Anything else a property
 * throws (a RangeError in a helper, a TypeError) is a problem of the harness, reported as such.
 */
export class Violation extends Error {
  override name = 'Violation';
}

export interface Finding {
  /** `invariant`: Hookbay broke a rule; `harness`: the test code itself failed on this input. */
  kind: 'invariant' | 'harness';
  suite: string;
  seed: number;
  path?: string;
  counterexample: string;
  error: string;
}

/** The counterexample as text, cut short; values nested thousands deep are summarized. Never throws. */
export function show(v: unknown): string {
  const s = describeValue(v);
  return s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s;
}

/** Frames kept in an error's stack while fuzzing: enough to see, past a recursion thousands deep, who started it. */
const STACK_FRAMES = 50_000;

/**
 * Runs a property for every seed, collecting (not stopping at) failures so one run reports
 * every finding; each is shrunk and printed with the seed and path that replay it. A failure
 * of the harness (the property threw something other than a `Violation`, or fast-check
 * failed generating or shrinking) is collected too, as a harness problem with its stack.
 */
export async function fuzz<T>(
  suite: string,
  arb: fc.Arbitrary<T>,
  property: (value: T) => Promise<void>,
  boundedRuns: number,
  budgetMs: number,
  describe: (value: T) => string = show,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const numRuns = runsPerSeed(boundedRuns);
  // One budget for the whole suite: a long run stops drawing seeds, and cuts the last one short, when it is spent.
  const deadline = Date.now() + budgetMs;
  for (const seed of seeds()) {
    if (Date.now() >= deadline) break;
    console.log(`[fuzz] ${suite}: seed ${seed}, ${numRuns} runs`);
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = STACK_FRAMES;
    let details: fc.RunDetails<[T]>;
    try {
      details = await fc.check(fc.asyncProperty(arb, property), {
        seed,
        numRuns,
        path: process.env.HOOKBAY_FUZZ_PATH,
        endOnFailure: false,
        interruptAfterTimeLimit: Math.max(1000, deadline - Date.now()),
        markInterruptAsFailure: false,
        // Shrinking re-runs the property against a live server: keep it bounded.
        maxSkipsPerRun: 100,
      });
    } catch (err) {
      // Thrown outside the property (an arbitrary failed to generate or shrink): no path to replay.
      report(findings, { kind: 'harness', suite, seed, counterexample: '(none: fast-check itself failed, generating or shrinking)', error: errorText(err) });
      continue;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    if (details.failed) {
      const err = details.errorInstance;
      const kind = err instanceof Violation ? 'invariant' : 'harness';
      let counterexample: string;
      try {
        counterexample = details.counterexample ? describe(details.counterexample[0]).slice(0, 3000) : '(none)';
      } catch (e) {
        counterexample = `(the suite's describe failed: ${errorText(e).split('\n')[0]}) ${show(details.counterexample?.[0])}`;
      }
      const error = kind === 'invariant' ? (err as Violation).message.slice(0, 2000) : errorText(err);
      report(findings, { kind, suite, seed, path: details.counterexamplePath ?? undefined, counterexample, error });
    }
    console.log(`[fuzz] ${suite}: seed ${seed} done: ${details.numRuns} runs, ${details.numSkips} skipped${details.interrupted ? ' (time limit)' : ''}`);
  }
  return findings;
}

function report(findings: Finding[], f: Finding): void {
  findings.push(f);
  const replay = `HOOKBAY_FUZZ_SEED=${f.seed}${f.path !== undefined ? ` HOOKBAY_FUZZ_PATH=${f.path}` : ''} npm run fuzz`;
  const title = f.kind === 'invariant' ? `FINDING in ${f.suite}` : `HARNESS PROBLEM in ${f.suite} (the test code failed on this input, not Hookbay; fix test/fuzz/)`;
  console.log(`[fuzz] ${title}\n  replay: ${replay}\n  input: ${f.counterexample}\n  ${f.kind === 'invariant' ? 'symptom' : 'error'}: ${f.error}`);
}

/** Answers per operation and status class, printed after a run: shows how deep the cases reached. */
export class Coverage {
  private readonly seen = new Map<string, Map<string, number>>();

  add(op: string, status: number | string): void {
    const cls = typeof status === 'number' ? `${Math.floor(status / 100)}xx` : status;
    const m = this.seen.get(op) ?? new Map<string, number>();
    m.set(cls, (m.get(cls) ?? 0) + 1);
    this.seen.set(op, m);
  }

  report(suite: string): void {
    const lines = [...this.seen]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, m]) => `${op} ${[...m].sort().map(([c, n]) => `${c}:${n}`).join(' ')}`);
    console.log(`[fuzz] ${suite} answers: ${lines.join(' | ')}`);
  }
}
