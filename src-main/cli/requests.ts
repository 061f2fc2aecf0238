/** `hookbay requests [filter]`: the inspector's list, in the terminal. */
import { parseSearchInput, SEARCH_BODY_BYTES, searchProblems, toRequestFilter } from '../contract/filter-query';
import type { RequestSummary } from '../contract/requests';
import { openClient } from './client';
import type { Command } from './command';
import { HELP_FLAG, intFlag, UsageError } from './flags';
import { paintFor, PLAIN, type Paint } from './live-log';
import { dataDirOf, DATA_FLAG, JSON_FLAG } from './server-flags';

export const FILTER_HELP = `FILTER is the inspector's search syntax: endpoint:SLUG (ep:), method:POST (m:), event:TYPE
(type:), signature:invalid (sig:) — valid invalid expired missing malformed unverified —,
delivery:failed (dl:) — none pending delivered retrying failed —, from:/to: (ms epoch); values
of one kind are OR'd, kinds AND'd; other words search the path, headers and the first
${SEARCH_BODY_BYTES / 1024} KiB of each body (full text). A known key with a value it does not take
(sig:weird) is a usage error; quote it to search for the text. -WORD, -key:value or NOT before
a word leaves out what it matches (-sig:valid, -stripe): a word starting with a single - is filter
text unless it is -h or a flag's name (-limit: a usage error); words starting with -- are flags
(put the filter after -- to search for them).`;

export const OWNER_HELP = `When a Hookbay (serve or listen) owns the data directory, this talks to it through its API
(found through <data>/hookbay.lock); otherwise it opens the data directory itself.`;

/**
 * The search-box text of the positionals, as the contract's filter. A known key with a value
 * it does not take (`sig:weird`) is a usage error listing the values it takes — the message the
 * inspector's search box shows — not a silent full-text search.
 */
export function filterOf(words: string[], command: string): ReturnType<typeof toRequestFilter> {
  const text = words.join(' ');
  const problems = searchProblems(text);
  if (problems.length > 0) throw new UsageError(problems.join('\n'), command);
  return toRequestFilter(parseSearchInput(text));
}

function line(r: RequestSummary, paint: Paint): string {
  const when = new Date(r.receivedAt).toISOString().replace('T', ' ').slice(0, 19);
  const target = r.query ? `${r.path}?${r.query}` : r.path;
  const sig = r.verificationStatus === 'valid' ? paint.green(r.verificationStatus) : r.verificationStatus === 'unverified' ? r.verificationStatus : paint.red(r.verificationStatus);
  return `#${r.id}  ${when}  ${r.method} ${target}  ${r.eventType ?? '-'}  ${sig}  ${r.deliveryState}`;
}

export const requests: Command = {
  spec: {
    name: 'requests',
    filterPositionals: true,
    usage: 'requests [FILTER…] [--limit N] [--json]',
    summary: 'list captured requests, newest first, filtered like the inspector',
    flags: [
      { name: 'limit', type: 'string', value: 'N', default: '50', help: 'at most N requests (1-100000)' },
      DATA_FLAG,
      JSON_FLAG,
      HELP_FLAG,
    ],
    details: `${FILTER_HELP}\n\nExample: hookbay requests sig:invalid event:invoice.paid\n\n${OWNER_HELP}`,
  },
  run: async ({ values, positionals, runtime }) => {
    const limit = intFlag('limit', values.limit, { min: 1, max: 100_000, command: 'requests' }) ?? 50;
    const filter = filterOf(positionals, 'requests');
    const json = values.json === true;
    const paint = json ? PLAIN : paintFor(process.stdout, process.env);
    const client = await openClient(dataDirOf(values), { sends: false, runtime });
    try {
      let cursor: string | undefined;
      let shown = 0;
      do {
        const page = await client.call('listRequests', { ...filter, limit: Math.min(1000, limit - shown), ...(cursor ? { cursor } : {}) });
        for (const r of page.items) process.stdout.write((json ? JSON.stringify(r) : line(r, paint)) + '\n');
        shown += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor && shown < limit);
      if (!json && shown === 0) process.stderr.write('No requests match.\n');
    } finally {
      await client.close();
    }
  },
};
