import { useState } from 'react';
import { SafeText } from '../../components/SafeText';

const CHILD_PAGE = 200;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') {
    return (
      <span className="json-string">
        "<SafeText text={value} />"
      </span>
    );
  }
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  // JSON.parse makes no other scalar: name the type of anything else rather than stringify it.
  return <span>{typeof value}</span>;
}

function JsonNode({ name, value, depth, path }: { name: string | null; value: unknown; depth: number; path: string }) {
  const isObject = value !== null && typeof value === 'object';
  // Webhook payloads nest (Stripe's data.object.…): open small branches deeply, big ones shallowly.
  const size = isObject ? Object.keys(value).length : 0;
  const [open, setOpen] = useState(depth < 2 || (depth < 6 && size <= 25));
  const [shown, setShown] = useState(CHILD_PAGE);
  const label =
    name === null ? null : (
      <span className="json-key">
        <SafeText text={name} />
        <span className="json-punct">: </span>
      </span>
    );
  if (!isObject) {
    return (
      <li className="json-leaf">
        {label}
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <li className="json-branch">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)} title={path}>
        <span className="twisty">{open ? '▾' : '▸'}</span>
        {label}
        <span className="json-punct">{brackets[0]}</span>
        {!open && (
          <span className="json-summary">
            {' '}
            {entries.length} {Array.isArray(value) ? 'items' : 'keys'} {brackets[1]}
          </span>
        )}
      </button>
      {open && (
        <>
          <ul className="json-children">
            {entries.slice(0, shown).map(([k, v]) => (
              <JsonNode key={k} name={Array.isArray(value) ? null : k} value={v} depth={depth + 1} path={`${path}.${k}`} />
            ))}
            {entries.length > shown && (
              <li>
                <button type="button" className="link-button" onClick={() => setShown((n) => n + CHILD_PAGE * 5)}>
                  Show more ({entries.length - shown} left)
                </button>
              </li>
            )}
          </ul>
          <span className="json-punct">{brackets[1]}</span>
        </>
      )}
    </li>
  );
}

/** Collapsible JSON; every key and value is rendered as text. */
export function JsonTree({ value }: { value: unknown }) {
  return (
    <ul className="json-tree" data-testid="json-tree">
      <JsonNode name={null} value={value} depth={0} path="$" />
    </ul>
  );
}
