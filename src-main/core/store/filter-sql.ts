import type { RequestFilter } from '../../contract/requests';

export interface FilterSql {
  where: string;
  params: Record<string, string | number>;
}

/**
 * Turns free text into an FTS5 query: each word becomes a quoted prefix term, so user
 * input can never be FTS syntax (no injection, no "fts5: syntax error" for `a-b` or `"`).
 */
export function ftsQuery(text: string): string | null {
  const terms = text
    .split(/[\s]+/)
    .map((t) => t.replace(/[^\p{L}\p{N}_]+/gu, ' ').trim())
    .flatMap((t) => t.split(' '))
    .filter(Boolean)
    .slice(0, 16);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"*`).join(' ');
}

/** WHERE clause (over `requests r`) for a filter; `endpointId` is already resolved. */
export function filterSql(filter: RequestFilter & { endpointId?: string | null }): FilterSql {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  // One bound JSON array per list, not one variable per value: a list of any length stays
  // within SQLite's variable limit (33,000 event types was "too many SQL variables").
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    params[name] = JSON.stringify(values);
    clauses.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
  };
  if (filter.endpointId) {
    clauses.push('r.endpoint_id = @endpointId');
    params.endpointId = filter.endpointId;
  }
  inList('r.method', 'm', filter.method?.map((m) => m.toUpperCase()));
  inList('r.event_type', 'ev', filter.event);
  inList('r.verification_status', 'sig', filter.signature);
  inList('r.delivery_state', 'dl', filter.delivery);
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
  const match = filter.q ? ftsQuery(filter.q) : null;
  if (filter.q && match === null) clauses.push('0');
  if (match) {
    clauses.push('r.id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH @q)');
    params.q = match;
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}
