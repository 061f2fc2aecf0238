import type { ApiError } from '../contract/common';

/**
 * IPC carries what structured clone carries: Dates, Maps, Sets, typed arrays, RegExps,
 * errors, BigInts, NaN and cycles as well as JSON. zod's object schemas read a Date or a Map
 * as an object with no fields, so `{ filter: new Date(0) }` parsed as "no filter" and
 * exported everything (fuzz finding F10). The contract is JSON (HTTP cannot send anything
 * else), so the guard refuses the rest before zod sees it, naming the field: both transports
 * then accept exactly the same inputs. `undefined` passes (an absent field), and so do
 * objects without a prototype (plain data).
 */
export function nonJsonPlace(input: unknown): { path: string; what: string } | null {
  // Depth-first with an explicit stack (clone carries values nested thousands deep), and
  // the objects on the current path, so a cycle is told from an object used twice.
  type Frame = { value: unknown; path: string } | { leave: object };
  const stack: Frame[] = [{ value: input, path: '' }];
  const onPath = new Set<object>();
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('leave' in frame) {
      onPath.delete(frame.leave);
      continue;
    }
    const { value, path } = frame;
    const what = nonJsonKind(value);
    if (what) return { path, what };
    if (value === null || typeof value !== 'object') continue;
    if (onPath.has(value)) return { path, what: 'a reference to an object that contains it' };
    onPath.add(value);
    stack.push({ leave: value });
    const prefix = path === '' ? '' : `${path}.`;
    for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], path: `${prefix}${key}` });
  }
  return null;
}

/** Why one value is not JSON data (its children aside), or null. */
function nonJsonKind(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : String(value);
    case 'object': {
      if (value === null || Array.isArray(value)) return null;
      const proto = Object.getPrototypeOf(value) as object | null;
      if (proto === Object.prototype || proto === null) return null;
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      return `a ${tag === 'Object' ? ((proto.constructor as { name?: string } | undefined)?.name ?? 'class instance') : tag}`;
    }
    case 'bigint':
      return 'a BigInt';
    case 'function':
    case 'symbol':
      return `a ${typeof value}`;
  }
}

/** The guard's answer to such an input: `invalid_input` naming the field, as zod's errors do. */
export function nonJsonInput(place: { path: string; what: string }): ApiError {
  const message = `expected JSON data (an object, array, string, number, boolean or null), got ${place.what}`;
  return {
    code: 'invalid_input',
    message: `Invalid input: ${place.path ? `${place.path}: ` : ''}${message}`,
    issues: [{ path: place.path, message }],
  };
}
