import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  DELIVERY_STATES,
  EMPTY_FILTER,
  SEARCH_BODY_BYTES,
  SIGNATURE_STATUSES,
  chipValues,
  describeChip,
  isFiltered,
  parseSearchInput,
  removeChip,
  searchProblems,
  toggleChip,
  type FilterKind,
  type RequestFilterState,
} from '@contract';
import { useRequestList, useStores } from '../stores/use-stores';
import { Popover } from '../components/Popover';
import { FilterMenu, mergeOptions } from './FilterMenu';
import { TimeMenu } from './TimeMenu';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function FilterBar() {
  const { requestList, ui } = useStores();
  const { filter, facets, menuFacets, total, loading } = useRequestList(
    useShallow((s) => ({ filter: s.filter, facets: s.facets, menuFacets: s.menuFacets, total: s.total, loading: s.loading })),
  );
  const [text, setText] = useState(filter.q);
  // A known key used wrongly (`sig:weird`): shown, not searched — the message `hookbay requests` gives.
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The search box follows the filter when it is changed elsewhere (chips removed, cleared).
  const [shownQ, setShownQ] = useState(filter.q);
  if (shownQ !== filter.q) {
    setShownQ(filter.q);
    if (text.trim() !== filter.q) {
      setText(filter.q);
      setProblem(null);
    }
  }

  // "/" focuses search from anywhere but a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key !== '/' || target.closest('input, textarea, select, [contenteditable="true"]')) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const apply = (next: RequestFilterState) => requestList.setFilter(next);
  const applyText = (value: string, parseSyntax: boolean) => {
    const current = requestList.getState().filter;
    const problems = searchProblems(value);
    setProblem(problems.length > 0 ? problems.join('\n') : null);
    if (problems.length > 0) return;
    if (parseSyntax) {
      const next = parseSearchInput(value, current);
      setText(next.q);
      apply(next);
    } else apply({ ...current, q: value.trim() });
  };
  const onToggle = (kind: FilterKind, value: string) => apply(toggleChip(requestList.getState().filter, kind, value));

  return (
    <div className="filter-bar">
      <div className="filter-row">
        <form
          className="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (timer.current) clearTimeout(timer.current);
            applyText(text, true);
          }}
        >
          <input
            ref={input}
            type="search"
            value={text}
            placeholder="Search bodies, headers, paths…  ( / )   try event:invoice.* -sig:valid"
            aria-label="Search requests"
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? 'search-problem' : undefined}
            data-testid="search-input"
            onChange={(e) => {
              const value = e.target.value;
              setText(value);
              if (timer.current) clearTimeout(timer.current);
              timer.current = setTimeout(() => applyText(value, false), 300);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setText('');
                applyText('', false);
              } else if (e.key === 'ArrowDown') {
                e.preventDefault();
                ui.focus('request-list');
              }
            }}
          />
        </form>
        <Popover label="?" testId="search-help" className="search-help">
          {() => <SearchHelp />}
        </Popover>
        <FilterMenu kind="method" label="Method" options={mergeOptions(menuFacets?.methods, METHODS)} selected={chipValues(filter, 'method')} onToggle={onToggle} />
        <FilterMenu
          kind="event"
          label="Event type"
          options={mergeOptions(menuFacets?.eventTypes)}
          selected={chipValues(filter, 'event')}
          onToggle={onToggle}
          emptyText="No event types captured yet"
        />
        <FilterMenu kind="signature" label="Signature" options={mergeOptions(menuFacets?.signature, SIGNATURE_STATUSES)} selected={chipValues(filter, 'signature')} onToggle={onToggle} />
        <FilterMenu kind="delivery" label="Delivery" options={mergeOptions(menuFacets?.delivery, DELIVERY_STATES)} selected={chipValues(filter, 'delivery')} onToggle={onToggle} />
        <TimeMenu filter={filter} onChange={apply} />
        <span
          className="result-count"
          data-testid="result-count"
          aria-live="polite"
          title={facets?.partial ? 'Counting stopped at its time limit: at least this many match.' : undefined}
        >
          {loading && total === null
            ? 'Loading…'
            : `${facets?.partial ? '≥ ' : ''}${(total ?? facets?.total ?? 0).toLocaleString()} request${total === 1 ? '' : 's'}`}
        </span>
      </div>
      {problem !== null && (
        <div className="field-errors search-problem" id="search-problem" role="alert" data-testid="search-problem">
          {problem.split('\n').map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
      {isFiltered(filter) && (
        <div className="chip-row" data-testid="filter-chips">
          {filter.q && (
            <span className="chip">
              text “{filter.q}”
              <button type="button" aria-label="Remove text search" onClick={() => apply({ ...filter, q: '' })}>
                ×
              </button>
            </span>
          )}
          {filter.chips.map((chip) => (
            <span
              key={`${chip.negated ? '-' : ''}${chip.kind}:${chip.value}`}
              className={`chip chip-${chip.kind}${chip.negated ? ' chip-negated' : ''}`}
              data-testid="filter-chip"
            >
              {describeChip(chip)}
              <button type="button" aria-label={`Remove ${describeChip(chip)}`} onClick={() => apply(removeChip(requestList.getState().filter, chip))}>
                ×
              </button>
            </span>
          ))}
          <button type="button" className="link-button" onClick={() => apply(EMPTY_FILTER)}>
            Clear all
          </button>
        </div>
      )}
    </div>
  );
}

/** The search syntax, next to the box that accepts it (parsed by the contract's filter-query.ts). */
function SearchHelp() {
  const rows: [string, string][] = [
    ['card declined', 'both words, whole words only'],
    ['"card declined"', 'the exact phrase'],
    ['renew*', 'words starting with “renew”'],
    ['-refund   NOT refund', 'leave out requests containing “refund”'],
    ['event:invoice.*', 'event types by pattern (* = anything)'],
    ['method:POST   m:put', 'by method'],
    ['sig:invalid   -sig:valid', 'by signature status, or all but one'],
    ['delivery:failed   NOT dl:delivered', 'by delivery state'],
    ['endpoint:stripe', 'one endpoint'],
  ];
  return (
    <div className="search-help-panel" data-testid="search-help-panel">
      <p className="small-text muted">Press Enter to turn filters into chips. Chips of one kind are OR’d; everything else must all match.</p>
      <p className="small-text muted">Words are searched in the path, headers and the first {SEARCH_BODY_BYTES / 1024} KiB of each body.</p>
      <table className="small-text">
        <tbody>
          {rows.map(([syntax, meaning]) => (
            <tr key={syntax}>
              <td className="mono">{syntax}</td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
