import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInSlices } from '../../../src-main/core/transfer/json-slices';

/** Any JSON value, with strings full of the characters the scanner must not be fooled by. */
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', 'entries', 'é', '☕', ' ', 'a') });
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('v'), { maxKeys: 4 }),
  ),
})).v;

async function sliced(text: string) {
  const items: unknown[] = [];
  const doc = await parseInSlices(text, 'entries', (v, i) => {
    expect(i).toBe(items.length);
    items.push(v);
  });
  return { items, ...doc };
}

describe('parseInSlices', () => {
  it('yields exactly the elements of the array under the key, and the rest as the skeleton, whatever the document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(tricky, value, { maxKeys: 3 }), fc.array(value, { maxLength: 6 }), fc.dictionary(tricky, value, { maxKeys: 3 }), fc.boolean(), async (before, entries, after, pretty) => {
        // The key inside strings or earlier fields must not be taken for the array.
        const doc = { ...before, har: { log: { note: '"entries":[1]', entries }, ...after } };
        const hasEarlier = Object.keys(before).includes('entries') || JSON.stringify(before).includes('"entries":');
        fc.pre(!hasEarlier);
        const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
        const r = await sliced(text);
        expect(r.found).toBe(true);
        expect(r.items).toEqual(JSON.parse(JSON.stringify(entries)));
        expect(r.skeleton).toEqual(JSON.parse(JSON.stringify({ ...doc, har: { ...doc.har, log: { ...doc.har.log, entries: [] } } })));
      }),
      { numRuns: 300 },
    );
  });

  it('without the key the whole document is the skeleton', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        fc.pre(!JSON.stringify(v).includes('"entries":'));
        const r = await sliced(JSON.stringify(v));
        expect(r).toEqual({ items: [], skeleton: JSON.parse(JSON.stringify(v)), found: false });
      }),
    );
  });

  it('invalid JSON is a SyntaxError, in an element or around the array', async () => {
    for (const text of ['{"entries":[{"a":1},{"b":]}', '{"entries":[1,2]', '{"entries":[1,2]} x', '{"a":', '']) {
      await expect(sliced(text), text).rejects.toBeInstanceOf(SyntaxError);
    }
  });
});
