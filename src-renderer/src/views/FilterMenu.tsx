import type { FilterKind } from '../filters/request-filter';
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
      {() => (
        <ul className="menu-list" role="listbox" aria-label={label} aria-multiselectable="true">
          {options.length === 0 && <li className="menu-empty">{emptyText ?? 'Nothing captured yet'}</li>}
          {options.map((o) => (
            <li key={o.value}>
              <label className="menu-item">
                <input type="checkbox" checked={selected.includes(o.value)} onChange={() => onToggle(kind, o.value)} />
                <span className="menu-value">{visibleText(o.value)}</span>
                {o.count !== null && <span className="menu-count">{o.count.toLocaleString()}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
    </Popover>
  );
}

/** Facet counts merged with the values that must always be choosable (e.g. every signature status). */
export function mergeOptions(facet: { value: string; count: number }[] | undefined, always: readonly string[] = []) {
  const counts = new Map((facet ?? []).map((f) => [f.value, f.count]));
  const values = [...new Set([...always, ...counts.keys()])];
  return values.map((value) => ({ value, count: counts.get(value) ?? (always.length ? 0 : null) }));
}
