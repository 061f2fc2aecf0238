import { parseTextQuery } from '../../contract/filter-query';
import type { RequestFilter } from '../../contract/requests';

export interface FilterSql {
  where: string;
  params: Record<string, string | number>;
}

const MAX_TERMS = 16;

/** One term as an FTS5 string: quoted (so input can never be FTS syntax), a phrase when it has several words. */
const ftsString = (text: string, prefix: boolean) => `"${text.replace(/"/g, '""')}"${prefix ? '*' : ''}`;

/**
 * The free text's required terms as an FTS5 query (`parseTextQuery` in the contract says
 * what the user may write): each term quoted, so `a-b`, `"` or `OR` are never FTS syntax.
 * Null when no term is required.
 */
export function ftsQuery(text: string): string | null {
  const terms = parseTextQuery(text).filter((t) => !t.negated).slice(0, MAX_TERMS);
  return terms.length ? terms.map((t) => ftsString(t.text, t.prefix)).join(' ') : null;
}

/** The negated terms as one FTS5 query matching any of them (requests to leave out); null when none. */
export function ftsExclusion(text: string): string | null {
  const terms = parseTextQuery(text).filter((t) => t.negated).slice(0, MAX_TERMS);
  return terms.length ? terms.map((t) => ftsString(t.text, t.prefix)).join(' OR ') : null;
}

/** A literal for GLOB: `*` stays the wildcard, `?` and `[` match themselves. */
const globPattern = (value: string) => value.replace(/[[?]/g, (c) => `[${c}]`);

/**
 * WHERE clause (over `requests r`) for a filter; `endpointId` is already resolved. With
 * `textMatchedByIndex` the caller joins the FTS index for the required terms itself.
 */
export function filterSql(filter: RequestFilter & { endpointId?: string | null }, options: { textMatchedByIndex?: boolean } = {}): FilterSql {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  // One bound JSON array per list, not one variable per value: a list of any length stays
  // within SQLite's variable limit (33,000 event types was "too many SQL variables").
  const inList = (column: string, name: string, values: readonly string[]) => {
    params[name] = JSON.stringify(values);
    return `${column} IN (SELECT value FROM json_each(@${name}))`;
  };
  /** Event types equal to a value, or GLOB-matching one with `*` (patterns bound as one array too). */
  const eventMatch = (name: string, values: readonly string[]) => {
    const exact = values.filter((v) => !v.includes('*'));
    const patterns = values.filter((v) => v.includes('*')).map(globPattern);
    const parts = exact.length ? [inList('r.event_type', name, exact)] : [];
    if (patterns.length) {
      params[`${name}g`] = JSON.stringify(patterns);
      parts.push(`EXISTS (SELECT 1 FROM json_each(@${name}g) WHERE r.event_type GLOB value)`);
    }
    return parts.join(' OR ');
  };
  // Positive lists narrow; negated lists leave out what they match (a NULL column is not matched, so kept).
  const condition = (values: readonly string[] | undefined, negated: boolean, predicate: (values: readonly string[]) => string) => {
    if (!values || values.length === 0) return;
    clauses.push(negated ? `NOT COALESCE((${predicate(values)}), 0)` : `(${predicate(values)})`);
  };
  if (filter.endpointId) {
    clauses.push('r.endpoint_id = @endpointId');
    params.endpointId = filter.endpointId;
  }
  condition(filter.method?.map((m) => m.toUpperCase()), false, (v) => inList('r.method', 'm', v));
  condition(filter.notMethod?.map((m) => m.toUpperCase()), true, (v) => inList('r.method', 'nm', v));
  condition(filter.event, false, (v) => eventMatch('ev', v));
  condition(filter.notEvent, true, (v) => eventMatch('nev', v));
  condition(filter.signature, false, (v) => inList('r.verification_status', 'sig', v));
  condition(filter.notSignature, true, (v) => inList('r.verification_status', 'nsig', v));
  condition(filter.delivery, false, (v) => inList('r.delivery_state', 'dl', v));
  condition(filter.notDelivery, true, (v) => inList('r.delivery_state', 'ndl', v));
  if (filter.from !== undefined) {
    clauses.push('r.received_at >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    clauses.push('r.received_at < @to');
    params.to = filter.to;
  }
  if (filter.replayOf !== undefined) {
    clauses.push('r.replay_of = @replayOf');
    params.replayOf = filter.replayOf;
  }
  if (filter.q) {
    const match = ftsQuery(filter.q);
    const exclude = ftsExclusion(filter.q);
    // Text with nothing searchable in it (`!!!`) matches nothing rather than everything.
    if (match === null && exclude === null) clauses.push('0');
    if (match && !options.textMatchedByIndex) {
      clauses.push('r.id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH @q)');
      params.q = match;
    }
    if (exclude) {
      clauses.push('r.id NOT IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH @nq)');
      params.nq = exclude;
    }
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}
