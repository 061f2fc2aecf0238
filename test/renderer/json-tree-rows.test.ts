import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTO_OPEN_DEPTH,
  AUTO_OPEN_ROWS,
  CHILD_PAGE,
  treeRows,
  type JsonBranch,
  type TreeChoices,
  type TreeRow,
} from '../../src-renderer/src/format/json-tree-rows';
import { deepJson } from './hostile-text';

/** Every branch of `value` opened and shown in full, as a user clicking everything would. */
function everythingOpen(value: unknown): TreeChoices {
  const open = new Map<JsonBranch, boolean>();
  const shown = new Map<JsonBranch, number>();
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    open.set(v, true);
    shown.set(v, Infinity);
    stack.push(...Object.values(v as Record<string, unknown>));
  }
  return { open, shown };
}

/** The JSON the rows show, rebuilt from them (only meaningful when everything is open). */
function rebuild(rows: TreeRow[]): unknown {
  const stack: { value: Record<string, unknown> | unknown[]; name: string | null }[] = [];
  let root: unknown;
  const place = (name: string | null, value: unknown) => {
    const parent = stack.at(-1);
    if (!parent) root = value;
    else if (Array.isArray(parent.value)) parent.value.push(value);
    // defineProperty, so that a key named __proto__ is a key and not the prototype.
    else Object.defineProperty(parent.value, name!, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const row of rows) {
    if (row.kind === 'leaf') place(row.name, row.value);
    else if (row.kind === 'branch') {
      const value = row.isArray ? [] : {};
      place(row.name, value);
      stack.push({ value, name: row.name });
    } else if (row.kind === 'close') stack.pop();
  }
  return root;
}

/** Rows a tree may show before the user asks for more: the auto-open budget, plus what the branches open at that moment still list. */
const AUTO_BOUND = AUTO_OPEN_ROWS + AUTO_OPEN_DEPTH * (CHILD_PAGE + 2) + 2;

/** Arrays of small arrays, enough of them that opening every small branch would pass the budget many times over. */
const wide = fc
  .tuple(fc.integer({ min: 40, max: 80 }), fc.integer({ min: 40, max: 80 }), fc.integer({ min: 1, max: 25 }))
  .map(([outer, middle, inner]) => Array.from({ length: outer }, () => Array.from({ length: middle }, () => Array.from({ length: inner }, (_, i) => i))));

describe('treeRows', () => {
  it('shows any JSON value whole when everything is opened, in order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const rows = treeRows(value, everythingOpen(value));
        expect(rebuild(rows)).toEqual(value);
        expect(rows.filter((r) => r.kind === 'branch').length).toBe(rows.filter((r) => r.kind === 'close').length);
      }),
    );
  });

  it('opens a bounded number of rows by itself, however wide or deep the value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), wide, deepJson(200).map(({ text }) => JSON.parse(text) as unknown)), (value) => {
        const rows = treeRows(value);
        expect(rows.length).toBeLessThanOrEqual(AUTO_BOUND);
        for (const row of rows) if (row.kind === 'branch' && row.open) expect(row.depth).toBeLessThan(AUTO_OPEN_DEPTH);
      }),
    );
  });

  it('pages the children of a big branch', () => {
    const big = Array.from({ length: 5000 }, (_, i) => i);
    const rows = treeRows(big);
    expect(rows.filter((r) => r.kind === 'leaf')).toHaveLength(CHILD_PAGE);
    expect(rows.find((r) => r.kind === 'more')).toMatchObject({ shown: CHILD_PAGE, left: 5000 - CHILD_PAGE });
    const more = treeRows(big, { open: new Map(), shown: new Map([[big, 1200]]) });
    expect(more.filter((r) => r.kind === 'leaf')).toHaveLength(1200);
  });

  it('walks 100,000 levels without recursion', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(treeRows(deep).filter((r) => r.kind === 'branch' && r.open)).toHaveLength(AUTO_OPEN_DEPTH);
    const all = treeRows(deep, everythingOpen(deep));
    expect(all).toHaveLength(200_000);
  });

  it('opens what the 139-second body held only up to the budget', () => {
    const inner = Array.from({ length: 25 }, () => 1);
    const value = Array.from({ length: 200 }, () => Array.from({ length: 200 }, () => inner.slice()));
    expect(treeRows(value).length).toBeLessThanOrEqual(AUTO_BOUND);
  });
});
