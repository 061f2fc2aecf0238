/**
 * The IPC guard accepts exactly what JSON can carry (what the HTTP API can receive), at any
 * depth: values only structured clone carries (Date, Map, Set, typed arrays, RegExp, errors,
 * boxed primitives, BigInt, NaN, cycles) are refused naming their field, before zod (which
 * read a Date filter as "no filter": fuzz finding F10) or the core see them.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../src-main/contract';
import { IPC_PREFIX, OPERATION_NAMES } from '../../src-main/contract/names';
import { nonJsonPlace } from '../../src-main/shell/plain-input';
import { serveContractOverIpc, type InvokeEventLike, type IpcReply } from '../../src-main/shell/ipc';
import type { FrameLike } from '../../src-main/shell/trusted-origin';
import { recordingLogger } from '../support/logger';

const APP_FRAME: FrameLike = { url: 'file:///opt/hookbay/out/renderer/index.html', parent: null, isDestroyed: () => false };

function setup() {
  const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>>();
  const spies = Object.fromEntries(OPERATION_NAMES.map((n) => [n, vi.fn(async (_input?: unknown): Promise<unknown> => ({ imported: 0, ids: [] }))]));
  serveContractOverIpc(
    { handle: (c, l) => void listeners.set(c, l), removeHandler: (c) => void listeners.delete(c) },
    spies as unknown as Handlers,
    { kind: 'file', indexFile: '/opt/hookbay/out/renderer/index.html' },
    recordingLogger(),
  );
  // As Electron does: the renderer's argument arrives through structured clone.
  const call = (name: string, input: unknown) => listeners.get(`${IPC_PREFIX}${name}`)!({ senderFrame: APP_FRAME }, structuredClone(input));
  return { spies, call };
}

/** Everything structured clone carries that JSON does not. */
const notJson: fc.Arbitrary<{ make: () => unknown; what: RegExp }> = fc.constantFrom(
  { make: () => new Date(0), what: /a Date$/ },
  { make: () => new Date(NaN), what: /a Date$/ },
  { make: () => new Map([['ids', [1]]]), what: /a Map$/ },
  { make: () => new Set([1]), what: /a Set$/ },
  { make: () => new Uint8Array([1, 2]), what: /a Uint8Array$/ },
  { make: () => new Float64Array(2), what: /a Float64Array$/ },
  { make: () => new ArrayBuffer(4), what: /an? ArrayBuffer$/ },
  { make: () => new DataView(new ArrayBuffer(2)), what: /a DataView$/ },
  { make: () => /x+/g, what: /a RegExp$/ },
  { make: () => new Error('boom'), what: /a Error$/ },
  { make: () => new String('x'), what: /a String$/ },
  { make: () => new Number(1), what: /a Number$/ },
  { make: () => 10n ** 20n, what: /a BigInt$/ },
  { make: () => NaN, what: /NaN$/ },
  { make: () => -Infinity, what: /-Infinity$/ },
);

/** Plain data: what JSON carries, plus `undefined` (an absent field) and objects without a prototype. */
const plain: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.tuple(fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }), fc.boolean()).map(([o, bare]) => (bare ? Object.assign(Object.create(null) as object, o) : o)),
  ),
})).value;

const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes('.') && k !== '__proto__');

/** A plain object holding `bad` `levels` deep, in objects and arrays among plain siblings; and its path. */
const holding = (bad: unknown) =>
  fc
    .array(fc.tuple(fc.boolean(), key, fc.nat({ max: 3 }), fc.array(plain, { maxLength: 3 })), { minLength: 1, maxLength: 30 })
    .map((levels) => {
      let value = bad;
      const path: string[] = [];
      for (const [inArray, k, at, siblings] of levels) {
        if (inArray) {
          const i = Math.min(at, siblings.length);
          value = [...siblings.slice(0, i), value, ...siblings.slice(i)];
          path.unshift(String(i));
        } else {
          value = { ...Object.fromEntries(siblings.map((s, j) => [`s${j}`, s])), [k]: value };
          path.unshift(k);
        }
      }
      return { value, path: path.join('.') };
    });

describe('IPC inputs are JSON data', () => {
  it('refuses a value only structured clone carries, at any depth, naming its field, before the core', async () => {
    const { spies, call } = setup();
    await fc.assert(
      fc.asyncProperty(
        notJson.chain((bad) => holding(bad.make()).map((h) => ({ ...h, what: bad.what }))),
        fc.constantFrom('importHar', 'exportJson', 'replayMany', 'createEndpoint'),
        async ({ value, path, what }, op) => {
          const field = op === 'importHar' ? 'har' : op === 'createEndpoint' ? 'forward' : 'filter';
          const reply = await call(op, { [field]: value });
          expect(reply.ok).toBe(false);
          if (reply.ok) return;
          expect(reply.error.code).toBe('invalid_input');
          expect(reply.error.issues).toEqual([{ path: `${field}.${path}`, message: expect.stringMatching(what) }]);
          expect(reply.error.message).toContain(`${field}.${path}: `);
          expect(spies[op]).not.toHaveBeenCalled();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses the instance of F10: exportJson({ filter: new Date(0) }) is not an export of everything', async () => {
    const { spies, call } = setup();
    const reply = await call('exportJson', { filter: new Date(0) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'filter' }] } });
    for (const bad of [new Date(0), new Map(), new Set(), new Uint8Array(1)]) {
      expect(await call('listRequests', bad)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: '' }] } });
    }
    expect(spies.exportJson).not.toHaveBeenCalled();
    expect(spies.listRequests).not.toHaveBeenCalled();
  });

  it('refuses cycles, and accepts one object used twice (JSON can write that)', async () => {
    const { spies, call } = setup();
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    expect(await call('importHar', { har: { log: loop } })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'har.log.self.back' }] } });
    const shared = { x: [1, 2] };
    expect(await call('importHar', { har: { a: shared, b: [shared, shared] } })).toMatchObject({ ok: true });
    expect(spies.importHar).toHaveBeenCalledTimes(1);
  });

  it('passes plain data of any shape through to zod and the core, null-prototype objects and undefined included', async () => {
    const { spies, call } = setup();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(plain, key, async (inner, k) => {
        const reply = await call('importHar', { har: { [k]: inner }, endpoint: undefined });
        expect(reply).toMatchObject({ ok: true });
        expect(spies.importHar).toHaveBeenCalledTimes(++n);
      }),
      { numRuns: 300 },
    );
  });

  it('walks values nested 100,000 deep without recursion', () => {
    // structuredClone itself recurses that deep, so the walker is called as the guard calls it.
    let deep: unknown = new Date(0);
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep };
    const place = nonJsonPlace({ har: deep });
    expect(place?.what).toBe('a Date');
    expect(place?.path.split('.').length).toBe(100_001);
  });
});
