/**
 * Measures a generated store from a fresh process: start-up (open + migrate + first list
 * page, through the real Hookbay.start), list pages, full-text search, facets, and RSS.
 * Prints one `STORE {json}` line.
 */
import { Hookbay } from '../src-main/core/hookbay';
import { percentile, timeEach } from './stats';

export interface Latency {
  p50: number;
  p95: number;
}

export interface StoreMeasurement {
  rows: number;
  startupMs: number;
  rssAfterStartBytes: number;
  rssAfterWorkBytes: number;
  firstPage: Latency;
  deepPage: Latency;
  endpointFirstPage: Latency;
  endpointDeepPage: Latency;
  /** Per kind of query: a unique token, a common word, a prefix, two words, no hit. */
  search: Record<string, Latency & { hits: number }>;
  /** The whole facets call (methods, event types, signature, delivery, total). */
  facets: Latency;
  eventTypeFacets: Latency;
  endpointFacets: Latency;
}

const lat = (xs: number[]): Latency => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });

async function main(): Promise<void> {
  const [dataDir, rowsArg] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const t0 = performance.now();
  const app = await Hookbay.start({ dataDir: dataDir!, receiverPort: 0, retention: { maxRows: null, maxAgeDays: null } });
  const first = app.requests.list({}, 100);
  const startupMs = performance.now() - t0;
  if (first.length === 0) throw new Error('empty store');
  const rssAfterStartBytes = process.memoryUsage().rss;

  const newest = first[0]!.id;
  const deepCursor = Math.max(2, Math.floor(newest * 0.02));
  const stripe = app.endpoints.byIdOrSlug('stripe')!.id;
  const N = 40;
  const firstPage = lat(timeEach(N, () => app.requests.list({}, 100)));
  const deepPage = lat(timeEach(N, (i) => app.requests.list({}, 100, deepCursor - i)));
  const endpointFirstPage = lat(timeEach(N, () => app.requests.list({ endpointId: stripe }, 100)));
  const endpointDeepPage = lat(timeEach(N, (i) => app.requests.list({ endpointId: stripe }, 100, deepCursor - i)));

  // Searches go through the same path as the API: catch the index up, then list.
  const rareRow = (i: number) => Math.floor((rows * (i + 1)) / (N + 2));
  const rare = (i: number) => `cus${rareRow(i).toString(36)}zz`;
  const PLANS = ['basic', 'pro', 'team', 'enterprise'];
  const queries: Record<string, (i: number) => string> = {
    'unique token': rare,
    'common word (every row)': () => 'renewed',
    'prefix (~2% of rows)': (i) => `spring-${i % 50}`,
    'two words': (i) => `${PLANS[rareRow(i) % 4]} ${rare(i)}`,
    'no hit': (i) => `nothinghere${i}`,
  };
  const search: StoreMeasurement['search'] = {};
  for (const [kind, q] of Object.entries(queries)) {
    let hits = 0;
    const times = timeEach(N, (i) => {
      app.search.catchUp();
      hits = app.requests.list({ q: q(i) }, 100).length;
    });
    search[kind] = { ...lat(times), hits };
  }
  const F = 8;
  const facets = lat(timeEach(F, () => app.requests.facets({}), 1));
  const eventTypeFacets = lat(timeEach(F, () => app.requests.facets({ event: ['invoice.paid'] }), 1));
  const endpointFacets = lat(timeEach(F, () => app.requests.facets({ endpointId: stripe }), 1));
  const rssAfterWorkBytes = process.memoryUsage().rss;
  await app.close();
  const out: StoreMeasurement = {
    rows,
    startupMs,
    rssAfterStartBytes,
    rssAfterWorkBytes,
    firstPage,
    deepPage,
    endpointFirstPage,
    endpointDeepPage,
    search,
    facets,
    eventTypeFacets,
    endpointFacets,
  };
  process.stdout.write(`STORE ${JSON.stringify(out)}\n`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
