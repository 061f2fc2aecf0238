import { useMemo, useState } from 'react';
import { ClippedText } from '../../components/ClippedText';
import { MORE_PAGE, NO_CHOICES, treeRows, type JsonBranch, type TreeChoices, type TreeRow } from '../../format/json-tree-rows';

/** Rows indent by depth up to here; deeper rows (only reachable by opening each level) stop moving right. */
const MAX_INDENT_DEPTH = 40;
const INDENT_PX = 16;
const SEE_ALL = 'Raw shows them all';
/** Leaves line up with their branch's key, past the twisty. */
const TWISTY_PX = 12;

const indent = (depth: number, extra = 0) => ({ paddingLeft: Math.min(depth, MAX_INDENT_DEPTH) * INDENT_PX + extra });

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') {
    return (
      <span className="json-string">
        "<ClippedText text={value} seeAll={SEE_ALL} />"
      </span>
    );
  }
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  // JSON.parse makes no other scalar: name the type of anything else rather than stringify it.
  return <span>{typeof value}</span>;
}

function Label({ name }: { name: string | null }) {
  if (name === null) return null;
  return (
    <span className="json-key">
      <ClippedText text={name} seeAll={SEE_ALL} />
      <span className="json-punct">: </span>
    </span>
  );
}

function Row({ row, toggle, showMore }: { row: TreeRow; toggle: (node: JsonBranch, open: boolean) => void; showMore: (node: JsonBranch, shown: number) => void }) {
  switch (row.kind) {
    case 'leaf':
      return (
        <li className="json-leaf" style={indent(row.depth, TWISTY_PX)}>
          <Label name={row.name} />
          <Scalar value={row.value} />
        </li>
      );
    case 'branch': {
      const [open, close] = row.isArray ? ['[', ']'] : ['{', '}'];
      return (
        <li className="json-branch" style={indent(row.depth)}>
          <button type="button" className="json-toggle" aria-expanded={row.open} onClick={() => toggle(row.node, !row.open)} title={row.path}>
            <span className="twisty">{row.open ? '▾' : '▸'}</span>
            <Label name={row.name} />
            <span className="json-punct">{open}</span>
            {!row.open && (
              <span className="json-summary">
                {' '}
                {row.size} {row.isArray ? 'items' : 'keys'} {close}
              </span>
            )}
          </button>
        </li>
      );
    }
    case 'more':
      return (
        <li className="json-leaf" style={indent(row.depth, TWISTY_PX)}>
          <button type="button" className="link-button" onClick={() => showMore(row.node, row.shown)}>
            Show more ({row.left} left)
          </button>
        </li>
      );
    case 'close':
      return (
        <li className="json-close" style={indent(row.depth)}>
          <span className="json-punct">{row.isArray ? ']' : '}'}</span>
        </li>
      );
  }
}

/** Collapsible JSON, drawn as flat rows (see json-tree-rows.ts); every key and value is rendered as text. */
export function JsonTree({ value }: { value: unknown }) {
  const [choices, setChoices] = useState<TreeChoices>(NO_CHOICES);
  const rows = useMemo(() => treeRows(value, choices), [value, choices]);
  const toggle = (node: JsonBranch, open: boolean) => setChoices((c) => ({ ...c, open: new Map(c.open).set(node, open) }));
  const showMore = (node: JsonBranch, shown: number) => setChoices((c) => ({ ...c, shown: new Map(c.shown).set(node, shown + MORE_PAGE) }));
  return (
    <ul className="json-tree" data-testid="json-tree">
      {rows.map((row, i) => (
        <Row key={i} row={row} toggle={toggle} showMore={showMore} />
      ))}
    </ul>
  );
}
