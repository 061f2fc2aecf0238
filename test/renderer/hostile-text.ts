import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Text built from the characters that steer JSON and XML scanners (quotes, escapes, brackets,
 * comment and CDATA openers) as well as from any code unit: the inputs that made regex
 * tokenisers quadratic and recursive printers overflow.
 */
const STEERING = ['{', '}', '[', ']', '"', '\\', ':', ',', '-', '1', '0', 'e', '.', ' ', '\n', 'true', 'null', 'x', '<', '>', '/', '!', '?', '<!--', '-->', '<![CDATA[', ']]>', '</a>', '<a>', '<b/>'];

export const hostileText = (maxLength = 400): fc.Arbitrary<string> =>
  fc.oneof(
    fc.array(fc.constantFrom(...STEERING), { maxLength }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary', maxLength }),
    // One opener repeated, with a tail: `<!--<!--<!--…`, `""""…x`, `[[[[…`.
    fc.tuple(fc.constantFrom(...STEERING), fc.integer({ min: 1, max: maxLength }), fc.string({ maxLength: 8 })).map(([part, n, tail]) => part.repeat(n) + tail),
  );

/** JSON values nested `depth` deep, mixing arrays and objects, around any JSON leaf. */
export const deepJson = (maxDepth: number): fc.Arbitrary<{ text: string; depth: number }> =>
  fc.tuple(fc.array(fc.boolean(), { maxLength: maxDepth }), fc.jsonValue({ maxDepth: 1 })).map(([wrappers, leaf]) => {
    let text = JSON.stringify(leaf);
    for (const inArray of wrappers) text = inArray ? `[${text},0]` : `{"k":${text}}`;
    const leafDepth = leaf !== null && typeof leaf === 'object' ? depthOf(leaf) : 0;
    return { text, depth: wrappers.length + leafDepth };
  });

/** Nesting depth of a (shallow) JSON value: `[]` is 1, `[[]]` is 2. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Object.values(value as Record<string, unknown>);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/**
 * Asserts that `spans` cover `length` characters in order, each non-empty: a scanner that emits
 * such spans makes at most one step per character.
 */
export function expectCover(spans: readonly { start: number; end: number }[], length: number): void {
  let at = 0;
  for (const span of spans) {
    expect(span.start).toBe(at);
    expect(span.end).toBeGreaterThan(span.start);
    at = span.end;
  }
  expect(at).toBe(length);
}
