/**
 * The fuzz harness itself must survive whatever it generates (F11: a junk id nested
 * thousands deep overflowed the stack in `requestOf`, and then again while the finding was
 * being printed, which killed the whole API suite). Every helper that walks a fuzz value is
 * driven here with values nested 100,000 deep, far past any recursion limit.
 */
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cloneTree, depthOf, describeValue, errorText, jsonText, plainNumber, plainText } from './support/deep';
import { fuzz, show, Violation } from './support/fuzz-config';
import { requestOf } from './support/http-transport';
import { HealthWatcher } from './support/health-watcher';
import { HEALTH_BUDGET_MS, healthMs } from './support/invariants';
import { applyMutations, mutated, nested } from './support/junk';
import { responseConfigOf, touchesSentinel } from './support/world';

const DEEP = 100_000;

/** Nesting depth of a parsed JSON value, counted without recursion. */
function depthOfParsed(v: unknown): number {
  let depth = 0;
  let cur = v;
  while (cur !== null && typeof cur === 'object') {
    depth++;
    cur = Array.isArray(cur) ? cur[0] : Object.values(cur)[0];
  }
  return depth;
}

describe('fuzz harness helpers with values nested 100,000 deep', () => {
  it('requestOf puts a deep path parameter in the path as String() would (flattened)', () => {
    expect(requestOf({ op: 'retryFailed', input: { id: nested(DEEP, 'array') } }).pathAndQuery).toBe('/api/endpoints/1/retry-failed');
    expect(requestOf({ op: 'verifyRequest', input: { id: nested(DEEP, 'object') } }).pathAndQuery).toBe('/api/requests/%5Bobject%20Object%5D/verify');
  });

  it('requestOf sends deep query values and deep bodies whole', () => {
    const q = requestOf({ op: 'listRequests', input: { method: nested(DEEP, 'array'), endpoint: nested(DEEP, 'object') } });
    const search = new URLSearchParams(q.pathAndQuery.split('?')[1]);
    expect(search.getAll('method')).toEqual(['1']);
    expect(depthOfParsed(JSON.parse(search.get('endpoint')!))).toBe(DEEP);

    for (const kind of ['array', 'object'] as const) {
      const r = requestOf({ op: 'createEndpoint', input: { verify: nested(DEEP, kind), name: 'x' } });
      expect(depthOfParsed(JSON.parse(r.body!))).toBe(DEEP + 1);
    }
  });

  it('show describes a deep value, cut short, without throwing', () => {
    for (const kind of ['array', 'object'] as const) {
      const s = show({ op: 'createEndpoint', input: { verify: nested(DEEP, kind) } });
      expect(s).toContain('createEndpoint');
      expect(s).toMatch(/deeper/);
      expect(s.length).toBeLessThan(3000);
    }
  });

  it('mutations with deep junk neither throw nor change the junk they were given', () => {
    const junk = nested(DEEP, 'object') as { a: unknown };
    const inner = junk.a;
    const values = fc.sample(mutated(fc.constant({ id: 'x', list: [1, 2], sub: { k: 'v' } }), fc.constant(junk)), { numRuns: 10, seed: 1 });
    expect(values).toHaveLength(10);
    expect(Object.keys(junk)).toEqual(['a']);
    expect(junk.a === inner).toBe(true);
    // fast-check reuses a value when it shrinks: a mutation must not write into it (it did for `extra` after `replace`).
    const given = { k: 1 };
    applyMutations({ id: 'x' }, [{ at: 1, kind: 'replace', junk: given }, { at: 1, kind: 'extra', junk: 2 }, { at: 2, kind: 'delete', junk: null }]);
    expect(given).toEqual({ k: 1 });
  });

  it('mutations of a deep value copy it, and the stringify mutation turns it into its JSON text', () => {
    const deep = nested(DEEP, 'array');
    const text = applyMutations(deep, [{ at: 0, kind: 'stringify', junk: null }]);
    expect(typeof text).toBe('string');
    expect(depthOfParsed(JSON.parse(text as string))).toBe(DEEP);
    const wrapped = applyMutations({ id: 'x' }, [{ at: 1, kind: 'replace', junk: deep }, { at: 1, kind: 'wrap', junk: null }]) as { id: unknown[] };
    expect(wrapped.id[0] === deep).toBe(false); // (vitest's not.toBe would compare the two deep values recursively)
    expect(depthOfParsed(wrapped.id)).toBe(DEEP + 1);
  });

  it('touchesSentinel sees a deep id as the number the server would coerce it to', () => {
    expect(touchesSentinel('deleteRequest', { id: nested(DEEP, 'array') }, 'sentinel-id', new Set([1]))).toBe(true);
  });

  it('responseConfigOf quotes a deep endpoint configuration, cut short', async () => {
    const call = () => Promise.resolve({ ok: true, value: [{ slug: 's', response: nested(DEEP, 'object') }] });
    const text = await responseConfigOf(call, 's');
    expect(text.length).toBeLessThanOrEqual(1500);
    expect(text.startsWith('{"response":{"a":{"a":')).toBe(true);
  });
});

describe('fuzz() when the harness itself fails', () => {
  it('reports a stack overflow in the property as a harness problem with seed and path, and goes on', async () => {
    const findings = await fuzz(
      'harness-unit',
      fc.integer({ min: 1, max: 5 }).map((d) => ({ d, v: nested(DEEP * d, 'array') })),
      // A harness bug of F11's kind: String() of a deep array recurses.
      async ({ v }) => void String(v),
      3,
      60_000,
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.kind).toBe('harness');
      expect(typeof f.seed).toBe('number');
      expect(f.path).toMatch(/^\d+(:\d+)*$/);
      expect(f.error).toMatch(/RangeError: Maximum call stack size exceeded/);
      expect(f.counterexample).toMatch(/deeper/);
    }
  });

  it('reports an invariant the property says failed as a finding', async () => {
    const findings = await fuzz('harness-unit', fc.nat({ max: 10 }), async (n) => {
      if (n > 3) throw new Violation(`n is ${n}`);
    }, 20, 60_000);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.kind === 'invariant' && f.counterexample === '4' && f.error === 'n is 4')).toBe(true);
  });
});

describe('deep.ts walkers agree with the native ones where those work', () => {
  const anything = fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, maxDepth: 4 });
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (err) {
      return { threw: (err as Error).constructor.name };
    }
  };

  it('jsonText is JSON.stringify (same text or same error), natively shallow or walked deep', () => {
    fc.assert(
      fc.property(anything, fc.integer({ min: 0, max: 600 }), (v, wrap) => {
        // Wrapped past the native depth, the iterative path runs; unwrapped, the native one.
        let deep: unknown = v;
        for (let i = 0; i < wrap; i++) deep = [deep];
        expect(outcome(() => jsonText(v))).toEqual(outcome(() => JSON.stringify(v)));
        expect(outcome(() => jsonText(deep))).toEqual(outcome(() => JSON.stringify(deep)));
      }),
      { numRuns: 300 },
    );
  });

  it('plainText and plainNumber are String() and Number()', () => {
    fc.assert(
      fc.property(anything, (v) => {
        expect(outcome(() => plainText(v))).toEqual(outcome(() => String(v)));
        const n = outcome(() => Number(v));
        expect(plainNumber(v)).toEqual('value' in n ? n.value : NaN);
      }),
      { numRuns: 300 },
    );
  });

  it('cloneTree copies arrays and plain objects (holes and null prototypes kept), shares the rest', () => {
    fc.assert(
      fc.property(anything, (v) => {
        const c = cloneTree(v);
        expect(c).toStrictEqual(v);
        if (v !== null && typeof v === 'object' && (Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v) as object))) expect(c).not.toBe(v);
      }),
      { numRuns: 300 },
    );
    const big = nested(DEEP, 'object');
    expect(depthOf(cloneTree(big))).toBe(DEEP);
  });

  it('depthOf counts levels, stops early past a limit, and ends on a cycle', () => {
    expect(depthOf(1)).toBe(0);
    expect(depthOf([[], { a: [1] }])).toBe(3);
    expect(depthOf(nested(DEEP, 'array'))).toBe(DEEP);
    expect(depthOf(nested(DEEP, 'array'), 10)).toBe(11);
    const cycle: unknown[] = [];
    cycle.push([cycle]);
    expect(depthOf(cycle)).toBe(2);
    // A cycle below the native depth (the iterative path runs) is the same TypeError as JSON.stringify's.
    const chain: unknown[] = [];
    let last = chain;
    for (let i = 0; i < 600; i++) last.push((last = []));
    last.push(chain);
    expect(outcome(() => jsonText(chain))).toEqual({ threw: 'TypeError' });
  });

  it('describeValue cuts depth, width and long strings, and names how much it left out', () => {
    const s = describeValue({ deep: nested(DEEP, 'array'), wide: Array.from({ length: 40_000 }, (_, i) => i), long: 'x'.repeat(70_000), map: new Map([['k', nested(DEEP, 'object')]]) });
    expect(s).toContain('99,993 levels deeper');
    expect(s).toContain('39,980 more items');
    expect(s).toContain('70,000 chars');
    expect(s.length).toBeLessThan(3000);
  });

  it('errorText folds the frames of a recursion and keeps its caller', () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50_000;
    let err: unknown;
    try {
      String(nested(DEEP, 'array'));
    } catch (e) {
      err = e;
    } finally {
      Error.stackTraceLimit = limit;
    }
    const text = errorText(err);
    expect(text).toMatch(/^RangeError: Maximum call stack size exceeded/);
    expect(text).toMatch(/frames of recursion/);
    expect(text).toContain('harness.test.ts');
    expect(text.split('\n').length).toBeLessThan(16);
  });
});

describe('HealthWatcher', () => {
  /**
   * A health endpoint in a process of its own. It answers after `delayMs`, or, with `hold`, only
   * once `release()` is called; it prints a line for each request it receives (`received(n)`).
   */
  async function healthServer(delayMs: number, hold = false) {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const held = []; const hold = ${hold};
         process.stdin.on('data', () => { for (const r of held.splice(0)) r.end('{}'); });
         const s = require('node:http').createServer((q, r) => { console.log('got'); if (hold) held.push(r); else setTimeout(() => r.end('{}'), ${delayMs}); });
         s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let got = 0;
    let onGot = () => {};
    let lines = '';
    const port = await new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        lines += d.toString();
        let nl: number;
        while ((nl = lines.indexOf('\n')) >= 0) {
          const line = lines.slice(0, nl).trim();
          lines = lines.slice(nl + 1);
          if (line.startsWith('port ')) resolve(line.slice(5));
          else if (line === 'got') {
            got++;
            onGot();
          }
        }
      });
    });
    return {
      url: `http://127.0.0.1:${port}`,
      received: (n: number) =>
        new Promise<void>((resolve) => {
          onGot = () => got >= n && resolve();
          onGot();
        }),
      release: () => child.stdin.write('go\n'),
      close: () => child.kill(),
    };
  }
  const blockFor = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  it('times health without the stalls of this process (F11 replay: sending a 6 MB URL)', async () => {
    // The server holds both answers until this process is about to block: with a fixed wait
    // instead, a slow machine let the answer in before the block and the stall was never seen.
    const s = await healthServer(0, true);
    const watcher = new HealthWatcher();
    try {
      const fromHere = healthMs(s.url, 't');
      const fromWatcher = watcher.probe(s.url, 't');
      await s.received(2); // both requests are at the server, unanswered
      s.release();
      blockFor(HEALTH_BUDGET_MS + 500);
      // Timed here, the stall is counted (this was the harness's only probe, and failed health for it).
      const here = await fromHere;
      expect(here.status).toBe(200);
      expect(here.ms).toBeGreaterThan(HEALTH_BUDGET_MS + 500);
      const t = await fromWatcher;
      expect(t.status).toBe(200);
      // The watcher's time is the server's: it does not contain the 1.5 s this process was blocked.
      expect(t.ms).toBeLessThan(HEALTH_BUDGET_MS);
    } finally {
      watcher.close();
      s.close();
    }
  });

  it('still sees a server that answers health late, and a server that is gone', async () => {
    const s = await healthServer(HEALTH_BUDGET_MS + 300);
    const watcher = new HealthWatcher();
    try {
      const t = await watcher.probe(s.url, 't');
      expect(t.status).toBe(200);
      expect(t.ms).toBeGreaterThanOrEqual(HEALTH_BUDGET_MS + 300);
      s.close();
      expect((await watcher.probe(s.url, 't', 2000)).status).toBe(0);
    } finally {
      watcher.close();
      s.close();
    }
  });
});
