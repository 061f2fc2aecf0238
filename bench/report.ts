/** Turns the measurements into docs/benchmarks.md and a short console summary. */
import { CANDIDATES, CANDIDATE_LABEL, type CaptureOptions, type SizeResult } from './capture';
import type { Machine } from './machine';
import { CLIENT_CPU, SERVER_CPU } from './proc';
import type { ProfileSummary } from './profile';
import { bytes, count, ms, ratio } from './stats';
import type { GenerateResult } from './store';
import type { Latency, StoreMeasurement } from './store-child';

export interface SectionResult {
  markdown: string;
  summary: string[];
}

export interface Report {
  machine: Machine;
  quick: boolean;
  durationS?: number;
  capture?: { options: CaptureOptions; results: SizeResult[]; profile: ProfileSummary | null };
  store?: { small: { gen: GenerateResult; m: StoreMeasurement }; big: { gen: GenerateResult; m: StoreMeasurement } };
  sections: ({ id: string; title: string } & SectionResult)[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function captureMarkdown(c: NonNullable<Report['capture']>, summary: string[]): string {
  const o = c.options;
  const lines: string[] = [
    '## Capture throughput and latency (wrk)',
    '',
    `wrk 1 thread, ${o.connections} keep-alive connections, POST of a JSON body to \`/bench/hook\`; ` +
      `${o.warmupSeconds} s warm-up then ${o.seconds} s measured, ${o.rounds} interleaved round(s) per size, each ` +
      'candidate started fresh (new process, empty store) for every run. Ratios are the median over rounds of ' +
      '(candidate ÷ bare server of the same round); for latency, lower is better.',
    '',
    '- **Hookbay** is the real `hookbay serve` (out/main/cli.js): every request is committed to SQLite (WAL, ' +
      'group commit) before its 200 goes out.',
    '- **mockttp** records every request with its body in memory (`getLocal({ recordTraffic: true })`, ' +
      '`forAnyRequest().thenReply(200)`; the count is read back with `getSeenRequests()`).',
    '- **express + better-sqlite3** is what one writes by hand: `express.raw()`, one INSERT per request, ' +
      'WAL + synchronous=NORMAL (the same durability as Hookbay\'s default).',
    '- "Recorded" is the stored count read back after the run (warm-up included) against the 2xx count wrk saw ' +
      'in the measured part; it must never be smaller.',
    '',
  ];
  for (const r of c.results) {
    lines.push(`### ${bytes(r.size)} JSON bodies`, '');
    lines.push('| Candidate | req/s | vs bare | p50 | vs bare | p99 | vs bare | recorded / acked (last round) |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const cand of CANDIDATES) {
      const last = r.runs[cand].at(-1)!;
      lines.push(
        `| ${CANDIDATE_LABEL[cand]} | ${count(r.medianPerSec[cand])} | ${ratio(r.throughputRatio[cand])} | ` +
          `${ms(r.medianP50[cand])} | ${ratio(r.p50Ratio[cand])} | ${ms(r.medianP99[cand])} | ${ratio(r.p99Ratio[cand])} | ` +
          `${Number.isFinite(last.recorded) ? count(last.recorded) : 'unknown'} / ${count(last.requests - last.non2xx)}${last.non2xx || last.errors ? ` (non-2xx ${last.non2xx}, socket errors ${last.errors})` : ''} |`,
      );
    }
    const h = r.throughputRatio.hookbay;
    const goal = h >= 0.85 ? `**met** (${ratio(h)})` : `**missed** by ${((0.85 - h) * 100).toFixed(0)} points (${ratio(h)} vs 0.85x)`;
    const aheadM = r.throughputRatio.hookbay > r.throughputRatio.mockttp;
    const aheadE = r.throughputRatio.hookbay > r.throughputRatio.express;
    lines.push(
      '',
      `Goals at ${bytes(r.size)}: ≥ 0.85x the bare server — ${goal}; ahead of mockttp — ${aheadM ? '**yes**' : '**no**'} ` +
        `(${(r.throughputRatio.hookbay / r.throughputRatio.mockttp).toFixed(2)}x its throughput); ahead of express + better-sqlite3 — ` +
        `${aheadE ? '**yes**' : '**no**'} (${(r.throughputRatio.hookbay / r.throughputRatio.express).toFixed(2)}x).`,
      '',
    );
    if (r.floor) {
      const bareUs = 1e6 / r.medianPerSec.bare;
      const ceiling = bareUs / (bareUs + r.floor.storeUs);
      lines.push(
        `Floor: Hookbay's own work per request without any HTTP — deriving its fields (${r.floor.deriveUs.toFixed(1)} µs) and ` +
          `storing it through the real capture writer in 32-request group commits — costs ${r.floor.storeUs.toFixed(1)} µs on the ` +
          `server core, against ${bareUs.toFixed(1)} µs for the bare server's whole request (median run). On one core that alone caps ` +
          `Hookbay at about **${ratio(ceiling)}** the bare server, before any of its HTTP handling.`,
        '',
      );
    }
    const lost = CANDIDATES.filter((cand) => r.runs[cand].some((run) => run.recorded < run.requests - run.non2xx));
    if (lost.length) lines.push(`**Lost requests:** ${lost.join(', ')} recorded fewer than they acknowledged.`, '');
    summary.push(
      `capture ${bytes(r.size)}: Hookbay ${ratio(h)} of bare (goal 0.85x ${h >= 0.85 ? 'met' : 'MISSED'}), ` +
        `mockttp ${ratio(r.throughputRatio.mockttp)}, express+sqlite ${ratio(r.throughputRatio.express)}; ` +
        `Hookbay p99 ${ratio(r.p99Ratio.hookbay)} of bare`,
    );
  }
  if (c.profile) {
    const top = c.profile.categories.slice(0, 3).map((x) => `${x.name} ${pct(x.share)}`).join(', ');
    lines.push(`What dominates Hookbay at ${bytes(o.sizes[0]!)} (CPU profile below): ${top}.`, '');
    lines.push(
      `### Where Hookbay's time goes (${bytes(o.sizes[0]!)} bodies)`,
      '',
      `\`node --cpu-prof\` of \`hookbay serve\` under the same load (one extra run; ${Math.round(c.profile.busyMs)} ms of busy samples, idle excluded). Self time:`,
      '',
      '| Category | Share |',
      '|---|---:|',
      ...c.profile.categories.map((x) => `| ${x.name} | ${pct(x.share)} |`),
      '',
      '| Top functions (self time) | Share |',
      '|---|---:|',
      ...c.profile.top.map((x) => `| \`${x.name}\` | ${pct(x.share)} |`),
      '',
    );
  }
  return lines.join('\n');
}

function latRow(name: string, s: Latency, b: Latency): string {
  return `| ${name} | ${ms(s.p50)} / ${ms(s.p95)} | ${ms(b.p50)} / ${ms(b.p95)} | ${ratio(b.p95 / s.p95)} |`;
}

function storeMarkdown(st: NonNullable<Report['store']>, summary: string[]): string {
  const { small, big } = st;
  const S = count(small.gen.rows);
  const B = count(big.gen.rows);
  const perReq = (g: GenerateResult) => g.fileBytes / g.rows;
  const rawPer = (g: GenerateResult) => g.rawBytes / g.rows;
  const lines = [
    '## Store at scale',
    '',
    `The real \`RequestStore\`, \`SearchIndex\` and \`EndpointStore\` on a SQLite file: ${B} webhook-like JSON requests ` +
      '(~700 B bodies, 6 headers, 20 event types, 5 endpoints) inserted through `RequestStore.insert` in 20,000-row ' +
      'transactions, indexed by `SearchIndex`, then measured from a fresh Node process (the median of three for start-up). ' +
      `The baseline is the same measurement on ${S} requests in the same run: the last column is how each figure grows ` +
      `from ${S} to ${B} (1.00x = does not grow). List pages are 100 rows, newest first; "deep" is a keyset page near the oldest 2 %.`,
    '',
    `| Measure | ${S} requests | ${B} requests | ${B} ÷ ${S} |`,
    '|---|---:|---:|---:|',
    `| Database size per request (after checkpoint) | ${bytes(perReq(small.gen))} | ${bytes(perReq(big.gen))} | ${ratio(perReq(big.gen) / perReq(small.gen))} |`,
    `| … vs captured bytes (headers + body) | ${ratio(perReq(small.gen) / rawPer(small.gen))} | ${ratio(perReq(big.gen) / rawPer(big.gen))} | |`,
    `| Insert rate (rows/s, store.insert in transactions) | ${count(small.gen.rows / (small.gen.insertMs / 1000))} | ${count(big.gen.rows / (big.gen.insertMs / 1000))} | ${ratio((big.gen.rows / big.gen.insertMs) / (small.gen.rows / small.gen.insertMs))} |`,
    `| Full-text indexing rate (rows/s) | ${count(small.gen.rows / (small.gen.indexMs / 1000))} | ${count(big.gen.rows / (big.gen.indexMs / 1000))} | ${ratio((big.gen.rows / big.gen.indexMs) / (small.gen.rows / small.gen.indexMs))} |`,
    `| Start-up: Hookbay.start (open, migrate, endpoints, retention) + first list page | ${ms(small.m.startupMs)} | ${ms(big.m.startupMs)} | ${ratio(big.m.startupMs / small.m.startupMs)} |`,
    `| Resident memory after start-up | ${bytes(small.m.rssAfterStartBytes)} | ${bytes(big.m.rssAfterStartBytes)} | ${ratio(big.m.rssAfterStartBytes / small.m.rssAfterStartBytes)} |`,
    `| Resident memory after all queries below | ${bytes(small.m.rssAfterWorkBytes)} | ${bytes(big.m.rssAfterWorkBytes)} | ${ratio(big.m.rssAfterWorkBytes / small.m.rssAfterWorkBytes)} |`,
    '',
    `| Query (p50 / p95) | ${S} requests | ${B} requests | p95 ratio |`,
    '|---|---:|---:|---:|',
    latRow('List, first page', small.m.firstPage, big.m.firstPage),
    latRow('List, deep keyset page', small.m.deepPage, big.m.deepPage),
    latRow('List one endpoint, first page', small.m.endpointFirstPage, big.m.endpointFirstPage),
    latRow('List one endpoint, deep keyset page', small.m.endpointDeepPage, big.m.endpointDeepPage),
    ...Object.keys(big.m.search).map((k) =>
      latRow(`Full-text search: ${k} (${count(big.m.search[k]!.hits)} on the page)`, small.m.search[k]!, big.m.search[k]!),
    ),
    latRow('Facet counts, no filter (methods, event types, signature, delivery, total)', small.m.facets, big.m.facets),
    latRow('Facet counts, filtered to one event type', small.m.eventTypeFacets, big.m.eventTypeFacets),
    latRow('Facet counts, one endpoint', small.m.endpointFacets, big.m.endpointFacets),
    '',
  ];
  const worstSearch = Math.max(...Object.values(big.m.search).map((s) => s.p95));
  summary.push(
    `store ${B}: ${bytes(perReq(big.gen))}/request (${ratio(perReq(big.gen) / rawPer(big.gen))} of captured bytes), start-up ${ms(big.m.startupMs)}, ` +
      `first page p95 ${ms(big.m.firstPage.p95)}, deep page p95 ${ms(big.m.deepPage.p95)}, search p95 ≤ ${ms(worstSearch)}, ` +
      `facets p95 ${ms(big.m.facets.p95)}, RSS ${bytes(big.m.rssAfterWorkBytes)}`,
  );
  return lines.join('\n');
}

/**
 * Findings from the investigation that produced this bench (2026-11-27), kept beside the
 * figures because they explain them. Not re-measured by each run: the run's own floor and
 * profile lines above are.
 */
const INVESTIGATION_NOTES = `## Notes from the investigation (not re-measured by each run)

- **Why 0.85x is out of reach on one core.** Pinned to one CPU, the bare server spends 14–45 µs per 1 KiB
  request depending on machine load. Hookbay must also insert the row — with its three secondary indexes,
  \`AUTOINCREMENT\` and the duplicate lookup — which costs 20–40 µs on its own in batches of 32 (the "floor"
  line). Even with free HTTP handling, that caps the ratio at about 0.35–0.6x; the profile shows SQLite as the
  largest single cost. Split in isolation on a quiet core: a bare row insert of the same shape takes ~5.4 µs,
  ~10 µs with Hookbay's indexes, \`AUTOINCREMENT\` and duplicate lookup, and \`RequestStore.insert\` ~17–19 µs
  (21 bound parameters, headers to JSON); named rather than positional binding accounts for only ~1 µs of
  that. What would move it: fewer indexes maintained at insert (derive them in the background
  pass like full-text), dropping \`AUTOINCREMENT\` (one fewer B-tree write per row), or a writer thread on
  machines with a spare core.
- **100 KiB bodies are bound by the disk, not the CPU.** With 8 KiB pages (before the move to 32 KiB pages,
  which this run already uses) storing one cost 270–340 µs on the event loop;
  with SQLite's auto-checkpoint off, or \`synchronous=OFF\`, 120–150 µs. The difference is the fsync at each
  WAL checkpoint (every body is written twice: WAL, then database file). A worker thread doing the checkpoints
  on its own connection was tried and did not help (275–400 µs): the writer is then throttled by the same
  disk. mockttp, ahead at this size, keeps bodies in memory and loses them on exit.
- **Full-text listing at a million rows** used \`id IN (… MATCH …) ORDER BY id DESC\`, collecting and sorting
  every match (~100 ms for a common word). It now walks the index newest first and stops at the page; queries
  are prefix terms, which FTS5 still merges in full, so a common prefix costs a few ms rather than the
  ~0.1 ms an exact term would.
- **Faults found while building the hostile suite** (fixed): a full disk crashed the process from the
  search indexer's timer; pipelined valid requests followed by garbage got only the 400; an oversized
  streamed JSON body to the API could get a reset instead of its 413.
`;

export function renderReport(r: Report): { markdown: string; summary: string } {
  const m = r.machine;
  const summary: string[] = [];
  const parts: string[] = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench${r.quick ? ' -- --quick' : ''}\` on ${m.date}${r.durationS ? ` in ${r.durationS} s` : ''}. ` +
      'Do not edit by hand: run it again.' +
      (r.quick ? ' **Quick run: small sizes, one round — a smoke test, not the published figures.**' : ''),
    '',
    'Every figure is paired with a baseline measured in the same run on the same machine, and the ratio is what to ' +
      'compare across machines. The machine is shared with other work, so absolute numbers are noisy; ratios of ' +
      'interleaved runs are much less so.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPUs (\`nproc\`) | ${m.nproc} |`,
    `| CPU model | ${m.cpu} |`,
    `| Memory | ${m.memory} |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| SQLite (better-sqlite3) | ${m.sqlite} |`,
    `| wrk | ${m.wrk} |`,
    `| Pinning | servers and store measurements on CPU ${SERVER_CPU}, wrk on CPU ${CLIENT_CPU} (\`taskset\`), so every candidate gets the same single core |`,
    '',
  ];
  if (r.capture) parts.push(captureMarkdown(r.capture, summary));
  if (r.store) parts.push(storeMarkdown(r.store, summary));
  for (const s of r.sections) {
    parts.push(`## ${s.title}`, '', s.markdown, '');
    summary.push(...s.summary);
  }
  if (r.capture || r.store) parts.push(INVESTIGATION_NOTES);
  return { markdown: parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n', summary: summary.join('\n') };
}
