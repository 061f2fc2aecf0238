/**
 * The JSON tree as a flat list of rows, built with an explicit stack. Rendering rows flat keeps
 * the DOM (and React) one level deep however deep the value nests, and the row budget below
 * bounds how much one body can put on screen before the user asks for more: the recursive
 * tree this replaces opened every small branch down to six levels, and a 2 MB array of
 * 200 × 200 × 25 numbers took 139 s to appear.
 */

export type JsonBranch = object;

export type TreeRow =
  | { kind: 'leaf'; depth: number; name: string | null; value: unknown }
  | { kind: 'branch'; depth: number; name: string | null; node: JsonBranch; isArray: boolean; size: number; open: boolean; path: string }
  | { kind: 'more'; depth: number; node: JsonBranch; shown: number; left: number }
  | { kind: 'close'; depth: number; isArray: boolean };

/** What the user changed: branches opened or closed, and how many children a branch shows. */
export interface TreeChoices {
  open: ReadonlyMap<JsonBranch, boolean>;
  shown: ReadonlyMap<JsonBranch, number>;
}

export const NO_CHOICES: TreeChoices = { open: new Map(), shown: new Map() };

/** Children a branch shows before "Show more", and how many more each click adds. */
export const CHILD_PAGE = 200;
export const MORE_PAGE = CHILD_PAGE * 5;
/** Past this many rows no branch opens by itself (the user can still open any). */
export const AUTO_OPEN_ROWS = 1500;
/** Branches open by themselves only this deep (see `opensByDefault`). */
export const AUTO_OPEN_DEPTH = 6;

/** Webhook payloads nest (Stripe's data.object.…): open small branches deeply, big ones shallowly. */
const opensByDefault = (depth: number, size: number) => depth < 2 || (depth < AUTO_OPEN_DEPTH && size <= 25);

interface Frame {
  node: JsonBranch;
  /** Object keys, read once per render of an open branch; null for arrays. */
  keys: string[] | null;
  next: number;
  end: number;
  size: number;
  depth: number;
  path: string;
}

const isBranch = (value: unknown): value is JsonBranch => value !== null && typeof value === 'object';

export function treeRows(root: unknown, choices: TreeChoices = NO_CHOICES): TreeRow[] {
  const rows: TreeRow[] = [];
  const stack: Frame[] = [];
  const add = (name: string | null, value: unknown, depth: number, path: string) => {
    if (!isBranch(value)) {
      rows.push({ kind: 'leaf', depth, name, value });
      return;
    }
    const isArray = Array.isArray(value);
    const keys = isArray ? null : Object.keys(value);
    const size = keys ? keys.length : (value as unknown[]).length;
    const open = choices.open.get(value) ?? (rows.length < AUTO_OPEN_ROWS && opensByDefault(depth, size));
    rows.push({ kind: 'branch', depth, name, node: value, isArray, size, open, path });
    if (open) stack.push({ node: value, keys, next: 0, end: Math.min(size, choices.shown.get(value) ?? CHILD_PAGE), size, depth, path });
  };
  add(null, root, 0, '$');
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.next < frame.end) {
      const i = frame.next++;
      const key = frame.keys ? frame.keys[i]! : String(i);
      const child = frame.keys ? (frame.node as Record<string, unknown>)[key] : (frame.node as unknown[])[i];
      add(frame.keys ? key : null, child, frame.depth + 1, `${frame.path}.${key}`);
      continue;
    }
    stack.pop();
    if (frame.size > frame.end) rows.push({ kind: 'more', depth: frame.depth + 1, node: frame.node, shown: frame.end, left: frame.size - frame.end });
    rows.push({ kind: 'close', depth: frame.depth, isArray: frame.keys === null });
  }
  return rows;
}
