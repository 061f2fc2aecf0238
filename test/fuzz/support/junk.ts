/**
 * Junk and mutations. Junk is any value at all in place of an input; a mutation takes a
 * valid input and breaks one or a few places inside it (a field deleted, replaced by a
 * value of another type, nested thousands deep, made huge, or given an unknown sibling),
 * which reaches deeper into the handlers than junk does.
 */
import fc from 'fast-check';
import { cloneTree, jsonText, plainText } from './deep';
import { NASTY_STRINGS } from './schema-arbitrary';

/**
 * Nested `depth` levels, built without recursion. Up to 4,000 as values (the harness walks
 * them with support/deep.ts, never V8's recursive walkers); deeper bodies are sent as text,
 * which is cheaper to make.
 */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** Values JSON can carry: the HTTP transport's whole input space. */
export const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, 0, -1, 2 ** 53, 1e308, -0, '', [], {}, ...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => nested(d, k)) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 40_000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 40_000 }).map((n) => Array.from({ length: n }, (_, i) => `v${i}`).join(',')) },
);

/**
 * What Electron's structured clone can carry besides JSON: undefined, NaN, ±Infinity,
 * BigInt, Date, Map, Set, RegExp, typed arrays, sparse arrays, null-prototype objects.
 * (Functions and symbols cannot cross IPC, so a renderer cannot send them.)
 */
export const cloneJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: jsonJunk },
  {
    weight: 2,
    arbitrary: fc.constantFrom<() => unknown>(
      () => undefined,
      () => NaN,
      () => Infinity,
      () => -Infinity,
      () => 10n ** 30n,
      () => new Date(NaN),
      () => new Date(0),
      () => new Map([['id', 1]]),
      () => new Set([1, 2]),
      () => /x+/g,
      () => new Uint8Array([1, 2, 3]),
      () => new ArrayBuffer(8),
      // eslint-disable-next-line no-sparse-arrays
      () => [1, , 3],
      () => Object.assign(Object.create(null) as object, { id: 1 }),
      () => new Error('boom'),
    ).map((make) => make()),
  },
);

/** JSON text of a value, or its String(), or '' (BigInt and null-prototype objects refuse one or both); at any depth. */
function asText(v: unknown): string {
  try {
    return jsonText(v) ?? plainText(v);
  } catch {
    try {
      return plainText(v);
    } catch {
      return '';
    }
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object);

export type Mutation = { at: number; kind: 'delete' | 'replace' | 'extra' | 'wrap' | 'stringify' | 'huge'; junk: unknown };

/** Every place inside a value (objects and arrays), root first. */
function places(value: unknown): { parent: Record<string | number, unknown>; key: string | number }[] {
  const out: { parent: Record<string | number, unknown>; key: string | number }[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0 && out.length < 200) {
    const v = stack.pop();
    // Only plain objects and arrays: typed arrays, Maps and Dates are leaves here.
    if (!Array.isArray(v) && !isPlainObject(v)) continue;
    for (const key of Object.keys(v)) {
      out.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(key) : key });
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return out;
}

/** The value with the mutations applied, in order, to a copy of it (the value and the junk are left as they are). */
export function applyMutations(value: unknown, mutations: Mutation[]): unknown {
  // Copies, so fast-check's own values (reused when shrinking) are never changed in place.
  const root: { v: unknown } = { v: cloneTree(value) };
  for (const m of mutations) {
    const all = [{ parent: root as Record<string, unknown>, key: 'v' as string | number }, ...places(root.v)];
    const { parent, key } = all[m.at % all.length]!;
    const current = parent[key];
    switch (m.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'replace':
        parent[key] = cloneTree(m.junk);
        break;
      case 'extra':
        if (isPlainObject(current)) current['zz' + String(m.at)] = cloneTree(m.junk);
        else parent[key] = [current, cloneTree(m.junk)];
        break;
      case 'wrap':
        parent[key] = [current];
        break;
      case 'stringify':
        parent[key] = typeof current === 'string' ? Number(current) : asText(current);
        break;
      case 'huge':
        // About a megabyte whatever was there: 20,000 small items, or a string of ~1 MB.
        parent[key] = Array.isArray(current)
          ? Array.from({ length: 20_000 }, () => (typeof current[0] === 'number' || typeof current[0] === 'boolean' ? current[0] : 0))
          : typeof current === 'string'
            ? current.repeat(1 + Math.floor(1_000_000 / (current.length + 1))).slice(0, 1_000_000)
            : cloneTree(m.junk);
        break;
    }
  }
  return root.v;
}

/** A valid input with one to three places broken. */
export function mutated(valid: fc.Arbitrary<unknown>, junk: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const mutation = fc.record({
    at: fc.nat({ max: 1000 }),
    kind: fc.constantFrom<Mutation['kind']>('delete', 'replace', 'replace', 'extra', 'wrap', 'stringify', 'huge'),
    junk,
  });
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => applyMutations(v, ms));
}
