import { useState } from 'react';
import type { FilterKind } from '@contract';
import { Popover } from '../components/Popover';
import { visibleText } from '../format/display';

interface FilterMenuProps {
  kind: FilterKind;
  label: string;
  /** Values with counts from the facets, plus ones that should always be offered. */
  options: { value: string; count: number | null }[];
  selected: string[];
  onToggle: (kind: FilterKind, value: string) => void;
  emptyText?: string;
}

export function FilterMenu({ kind, label, options, selected, onToggle, emptyText }: FilterMenuProps) {
  return (
    <Popover
      label={selected.length ? `${label} (${selected.length})` : label}
      active={selected.length > 0}
      testId={`filter-menu-${kind}`}
    >
      {() => <MenuOptions label={label} kind={kind} options={options} selected={selected} onToggle={onToggle} emptyText={emptyText} />}
    </Popover>
  );
}

/** The options, with a narrowing box once there are many (event types run into the dozens). */
function MenuOptions({ kind, label, options, selected, onToggle, emptyText }: FilterMenuProps) {
  const [narrow, setNarrow] = useState('');
  const shown = narrow ? options.filter((o) => o.value.toLowerCase().includes(narrow.toLowerCase())) : options;
  return (
    <>
      {options.length > 12 && (
        <input
          className="menu-search"
          autoFocus
          placeholder={`Find ${label.toLowerCase()}…`}
          aria-label={`Find ${label.toLowerCase()}`}
          value={narrow}
          onChange={(e) => setNarrow(e.target.value)}
        />
      )}
      <ul className="menu-list" role="listbox" aria-label={label} aria-multiselectable="true">
        {options.length === 0 && <li className="menu-empty">{emptyText ?? 'Nothing captured yet'}</li>}
        {shown.map((o) => (
          <li key={o.value}>
            <label className="menu-item">
              <input type="checkbox" checked={selected.includes(o.value)} onChange={() => onToggle(kind, o.value)} />
              <span className="menu-value">{visibleText(o.value)}</span>
              {o.count !== null && <span className="menu-count">{o.count.toLocaleString()}</span>}
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Facet counts merged with the values that must always be choosable (e.g. every signature status). */
export function mergeOptions(facet: { value: string; count: number }[] | undefined, always: readonly string[] = []) {
  const counts = new Map((facet ?? []).map((f) => [f.value, f.count]));
  const values = [...new Set([...always, ...counts.keys()])];
  return values.map((value) => ({ value, count: counts.get(value) ?? (always.length ? 0 : null) }));
}
