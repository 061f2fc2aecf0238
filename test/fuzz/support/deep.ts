/**
 * Walking fuzz values at any depth. Junk values are nested up to 4,000 levels (and a few
 * more once mutated), and V8's own walkers recurse; in a vitest fork here they overflow the
 * stack from ~3,100 levels (`String()` of an array), ~4,100 (`JSON.stringify`; ~2,100 with a
 * replacer), ~1,900 (`structuredClone` of objects) and ~1,300 (`fc.stringify`). F11: a junk
 * path parameter ~3,100 deep crashed the API suite in `requestOf`, then again while the
 * finding was printed.
 * Every harness function that walks a fuzz value goes through these: iterative, or
 * recursive only to a fixed small depth.
 */
import fc from 'fast-check';

/** Below this, V8's native (recursive) walkers are used as they are: exact and fast. */
const NATIVE_DEPTH = 500;

/** Nesting depth of objects and arrays (a scalar is 0), counted without recursion; stops past `limit`. */
export function depthOf(value: unknown, limit = Infinity): number {
  let max = 0;
  const values: object[] = [];
  const depths: number[] = [];
  const seen = new Set<object>(); // a value reached twice (shared, or a cycle) is walked once
  const visit = (v: unknown, depth: number) => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    values.push(v);
    depths.push(depth);
  };
  visit(value, 1);
  while (values.length > 0) {
    const v = values.pop()!;
    const depth = depths.pop()!;
    if (depth > max) max = depth;
    if (max > limit) return max;
    if (Array.isArray(v)) for (const c of v) visit(c, depth + 1);
    else if (v instanceof Map)
      for (const [k, c] of v) {
        visit(k, depth + 1);
        visit(c, depth + 1);
      }
    else if (v instanceof Set) for (const c of v) visit(c, depth + 1);
    else for (const k in v) if (Object.hasOwn(v, k)) visit((v as Record<string, unknown>)[k], depth + 1);
  }
  return max;
}

const isContainer = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && !(v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt);

/** `toJSON` applied as JSON.stringify applies it. */
function jsonValueOf(v: unknown, key: string): unknown {
  if ((v !== null && typeof v === 'object') || typeof v === 'bigint') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (k: string) => unknown).call(v, key);
  }
  return v;
}

interface JsonFrame {
  node: object;
  /** Keys of an object; null for an array. */
  keys: string[] | null;
  length: number;
  i: number;
  /** Whether something was written into this container yet (a comma goes before the next). */
  wrote: boolean;
}

/**
 * `JSON.stringify(value)` at any depth: the same text (and the same TypeError for a BigInt
 * or a cycle), without recursion once the value is deeper than V8 can take.
 */
export function jsonText(value: unknown): string | undefined {
  if (depthOf(value, NATIVE_DEPTH) <= NATIVE_DEPTH) return JSON.stringify(value);
  const root = jsonValueOf(value, '');
  if (!isContainer(root)) return JSON.stringify(root);
  // One list of pieces for the whole text, joined once: joining per level would copy the inner text at every level.
  const out: string[] = [];
  const stack: JsonFrame[] = [];
  const open = new Set<object>();
  const enter = (node: object) => {
    if (open.has(node)) throw new TypeError('Converting circular structure to JSON');
    open.add(node);
    const keys = Array.isArray(node) ? null : Object.keys(node);
    stack.push({ node, keys, length: keys ? keys.length : (node as unknown[]).length, i: 0, wrote: false });
    out.push(keys ? '{' : '[');
  };
  enter(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.length) {
      stack.pop();
      open.delete(f.node);
      out.push(f.keys ? '}' : ']');
      continue;
    }
    const key = f.keys ? f.keys[f.i]! : String(f.i);
    f.i++;
    const v = jsonValueOf((f.node as Record<string, unknown>)[key], key);
    const text = isContainer(v) ? null : JSON.stringify(v); // a scalar: no recursion
    if (text === undefined && f.keys) continue; // undefined, a function or a symbol: the key is left out
    if (f.wrote) out.push(',');
    f.wrote = true;
    if (f.keys) out.push(JSON.stringify(key), ':');
    if (text === null) enter(v as object);
    else out.push(text ?? 'null');
  }
  return out.join('');
}

/**
 * `String(value)` at any depth. An array's text is its items' texts joined by commas, nested
 * arrays flattened (`String([[1,[2]],3])` is "1,2,3"), null and undefined empty, and an array
 * inside itself empty — as V8's `Array.prototype.join` does, without its recursion. Throws
 * where `String()` throws (a symbol, a null-prototype object).
 */
export function plainText(value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  const out: string[] = [];
  const stack: { arr: unknown[]; i: number }[] = [{ arr: value, i: 0 }];
  const open = new Set<unknown[]>([value]);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.arr.length) {
      stack.pop();
      open.delete(f.arr);
      continue;
    }
    if (f.i > 0) out.push(',');
    const v = f.arr[f.i++];
    if (Array.isArray(v)) {
      if (!open.has(v)) {
        open.add(v);
        stack.push({ arr: v, i: 0 });
      }
    } else if (v !== null && v !== undefined) out.push(String(v));
  }
  return out.join('');
}

/** `Number(value)` at any depth (an array converts through its text, as in JS); NaN where Number() throws. */
export function plainNumber(value: unknown): number {
  try {
    return Array.isArray(value) ? Number(plainText(value)) : Number(value);
  } catch {
    return NaN;
  }
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v) as object));

/**
 * A copy of every array and plain (or null-prototype) object in a value, at any depth, holes
 * of sparse arrays kept; anything else (Date, Map, typed arrays) is shared, not copied.
 */
export function cloneTree<T>(value: T): T {
  if (!isPlain(value)) return value;
  const copyShell = (v: Record<string, unknown>): Record<string, unknown> =>
    Array.isArray(v) ? (new Array(v.length) as unknown as Record<string, unknown>) : Object.getPrototypeOf(v) === null ? (Object.create(null) as Record<string, unknown>) : {};
  const root = copyShell(value);
  const stack: [Record<string, unknown>, Record<string, unknown>][] = [[value, root]];
  const copies = new Map<object, Record<string, unknown>>([[value, root]]);
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    for (const key of Object.keys(from)) {
      const v = from[key];
      if (!isPlain(v)) {
        to[key] = v;
        continue;
      }
      let copy = copies.get(v);
      if (!copy) {
        copy = copyShell(v);
        copies.set(v, copy);
        stack.push([v, copy]);
      }
      to[key] = copy;
    }
  }
  return root as T;
}

export interface DescribeLimits {
  /** Levels shown; deeper ones become a note of how deep they go. */
  depth: number;
  /** Items (or keys, or entries) shown per container. */
  items: number;
  /** Characters shown per string. */
  chars: number;
}

const LIMITS: DescribeLimits = { depth: 8, items: 20, chars: 300 };
const count = (n: number) => n.toLocaleString('en-US');

/** A copy small enough to print: cut to the limits, recursing at most `limits.depth` levels. */
function cutDown(v: unknown, level: number, limits: DescribeLimits): unknown {
  if (typeof v === 'string') return v.length > limits.chars ? `${v.slice(0, limits.chars)}…(${count(v.length)} chars)` : v;
  if (v === null || typeof v !== 'object') return v;
  const plain = isPlain(v);
  if (!plain && !(v instanceof Map) && !(v instanceof Set)) return v; // Date, RegExp, typed arrays, Error: fc.stringify prints them flat
  if (level >= limits.depth) {
    const kind = Array.isArray(v) ? 'array' : v instanceof Map ? 'Map' : v instanceof Set ? 'Set' : 'object';
    return `…(${kind}, ${count(depthOf(v))} levels deeper)`;
  }
  const next = (x: unknown) => cutDown(x, level + 1, limits);
  if (v instanceof Map) return new Map([...v].slice(0, limits.items).map(([k, x]) => [next(k), next(x)]));
  if (v instanceof Set) return new Set([...v].slice(0, limits.items).map(next));
  if (Array.isArray(v)) {
    const shown: unknown[] = new Array(Math.min(v.length, limits.items));
    for (let i = 0; i < shown.length; i++) if (i in v) shown[i] = next(v[i]);
    if (v.length > limits.items) shown.push(`…(${count(v.length - limits.items)} more items)`);
    return shown;
  }
  const keys = Object.keys(v);
  const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? (Object.create(null) as Record<string, unknown>) : {};
  for (const k of keys.slice(0, limits.items)) out[k] = next(v[k]);
  if (keys.length > limits.items) out['…'] = `${count(keys.length - limits.items)} more keys`;
  return out;
}

/** A fuzz value as text for a report, whatever its depth and size (fast-check's notation, cut to the limits). Never throws. */
export function describeValue(value: unknown, limits: DescribeLimits = LIMITS): string {
  try {
    return fc.stringify(cutDown(value, 0, limits));
  } catch (err) {
    return `(could not describe the value: ${err instanceof Error ? err.message : typeof err})`;
  }
}

/**
 * An error as text for a report: its name, message and stack, with the thousands of
 * identical frames of a recursion folded into one line. Never throws.
 */
export function errorText(err: unknown, maxFrames = 12): string {
  try {
    if (!(err instanceof Error)) return `thrown: ${describeValue(err)}`;
    const head = `${err.name}: ${err.message}`;
    const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    const shown: string[] = [];
    let folded = 0;
    for (const frame of frames) {
      // A frame seen among the last few is a recursion going round.
      if (shown.slice(-4).includes(frame)) {
        folded++;
        continue;
      }
      if (folded > 0) shown.push(`    … (${count(folded)} frames of recursion)`);
      folded = 0;
      shown.push(frame);
    }
    if (folded > 0) shown.push(`    … (${count(folded)} frames of recursion)`);
    const cut = shown.length > maxFrames ? [...shown.slice(0, maxFrames), `    … (${shown.length - maxFrames} more)`] : shown;
    return [head.slice(0, 2000), ...cut].join('\n');
  } catch {
    return 'an error that could not be printed';
  }
}
