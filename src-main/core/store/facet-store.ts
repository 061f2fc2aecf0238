import { performance } from 'node:perf_hooks';
import type { Statement } from 'better-sqlite3';
import type { Facets, RequestFilter } from '../../contract/requests';
import type { Db } from './database';
import { filterSql, ftsQuery } from './filter-sql';

type Filter = RequestFilter & { endpointId?: string | null };
interface ComboRow {
  e: string | null;
  s: string;
  d: string;
  m: string;
  n: number;
}

/** Filter keys the kept counters cannot answer: they need the rows themselves. */
const ROW_ONLY_KEYS = ['q', 'from', 'to', 'replayOf'] as const;

/** How long a filtered facet count may scan before it answers with lower bounds ("≥ N"). */
export const FACET_BUDGET_MS = 100;

/**
 * Facet counts in bounded time at any store size.
 *
 * - Filters over the facet dimensions only (none, endpoint, method, event, signature,
 *   delivery) read `facet_counts`, which triggers keep exact (migration 003): a few hundred
 *   rows whatever the store holds.
 * - Filters that need the rows (search, time range, replays) are counted newest first until
 *   `budgetMs` is spent; if the scan stopped early the counts are what it saw,
 *   `partial: true`, and the UI shows them as "≥ N". One SQLite statement cannot be
 *   interrupted, so the budget is checked between rows or chunks: a search's own set-up
 *   (a prefix term over a common word) comes on top of it.
 */
export class FacetStore {
  private readonly maxIdStmt: Statement;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly budgetMs = FACET_BUDGET_MS,
  ) {
    this.maxIdStmt = db.prepare('SELECT IFNULL(MAX(id), 0) FROM requests').pluck();
  }

  facets(filter: Filter): Facets {
    if (ROW_ONLY_KEYS.some((k) => filter[k] !== undefined)) return this.scanned(filter);
    try {
      return this.kept(filter);
    } catch (err) {
      // A filter clause over a column the counters do not keep (a filter added to the
      // language later): count the rows instead of failing.
      if (/no such column/.test((err as Error).message)) return this.scanned(filter);
      throw err;
    }
  }

  /** From the kept counters; the same WHERE as the rows, over a view with the rows' column names. */
  private kept(filter: Filter): Facets {
    const { where, params } = filterSql(filter);
    const rows = this.statement(
      `SELECT r.event_type AS e, r.verification_status AS s, r.delivery_state AS d, r.method AS m, r.n AS n
       FROM (SELECT endpoint_id, CASE event_key WHEN '' THEN NULL ELSE substr(event_key, 2) END AS event_type,
               verification_status, delivery_state, method, n
             FROM facet_counts WHERE n > 0) r
       WHERE ${where}`,
    ).all(params) as ComboRow[];
    return fold(rows, false);
  }

  /**
   * Newest first until done or out of time. A search walks the full-text index newest first
   * in one statement (as the list does), so the index's set-up cost is paid once; other
   * filters go chunk by chunk over id ranges of the table.
   */
  private scanned(filter: Filter): Facets {
    const deadline = performance.now() + this.budgetMs;
    const match = filter.q ? ftsQuery(filter.q) : null;
    // The index join below matches the wanted words; the WHERE keeps everything else the list
    // applies to text — the left-out words (`-refunded`) and "nothing searchable" — so the
    // counts agree with the rows.
    const rest = filterSql(filter, { textMatchedByIndex: true });
    const combos = new Map<string, ComboRow>();
    const add = (row: ComboRow) => {
      const key = `${row.e === null ? '' : `=${row.e}`}\u0000${row.s}\u0000${row.d}\u0000${row.m}`;
      const seen = combos.get(key);
      if (seen) seen.n += row.n;
      else combos.set(key, { ...row });
    };
    if (match) {
      const stmt = this.statement(
        `SELECT r.event_type AS e, r.verification_status AS s, r.delivery_state AS d, r.method AS m, 1 AS n
         FROM requests_fts JOIN requests r ON r.id = requests_fts.rowid
         WHERE requests_fts MATCH @q AND ${rest.where} ORDER BY requests_fts.rowid DESC`,
      );
      let seen = 0;
      for (const row of stmt.iterate({ ...rest.params, q: match }) as IterableIterator<ComboRow>) {
        add(row);
        // Leaving the loop ends the statement (the iterator's return()).
        if ((++seen & 255) === 0 && performance.now() >= deadline) return fold([...combos.values()], true);
      }
      return fold([...combos.values()], false);
    }
    const stmt = this.statement(
      `SELECT r.event_type AS e, r.verification_status AS s, r.delivery_state AS d, r.method AS m, COUNT(*) AS n
       FROM requests r WHERE r.id > @lo AND r.id <= @hi AND ${rest.where}
       GROUP BY r.event_type, r.verification_status, r.delivery_state, r.method`,
    );
    let hi = this.maxIdStmt.get() as number;
    let chunk = 16_384;
    while (hi > 0) {
      const lo = Math.max(0, hi - chunk);
      const started = performance.now();
      for (const row of stmt.all({ ...rest.params, lo, hi }) as ComboRow[]) add(row);
      hi = lo;
      const now = performance.now();
      if (hi > 0 && now >= deadline) return fold([...combos.values()], true);
      // Fewer, larger chunks while they are cheap: each statement run has a fixed cost.
      if (now - started < this.budgetMs / 10) chunk *= 2;
    }
    return fold([...combos.values()], false);
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size > 200) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

/** Folds the combinations (a few hundred at most) into the four facet lists. */
function fold(rows: ComboRow[], partial: boolean): Facets {
  const count = (pick: (r: ComboRow) => string | null) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = pick(r);
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + r.n);
    }
    return [...counts]
      .map(([value, n]) => ({ value, count: n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .slice(0, 200);
  };
  return {
    methods: count((r) => r.m),
    eventTypes: count((r) => r.e),
    signature: count((r) => r.s),
    delivery: count((r) => r.d),
    total: rows.reduce((sum, r) => sum + r.n, 0),
    ...(partial ? { partial: true } : {}),
  };
}
