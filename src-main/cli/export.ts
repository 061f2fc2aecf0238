/** `hookbay export --har FILE [filter]`: captured requests as HAR 1.2, for browsers' dev tools and other tools. */
import fs from 'node:fs';
import path from 'node:path';
import { openClient } from './client';
import type { Command } from './command';
import { HELP_FLAG, UsageError } from './flags';
import { FILTER_HELP, filterOf, OWNER_HELP } from './requests';
import { dataDirOf, DATA_FLAG } from './server-flags';

export const exportCommand: Command = {
  spec: {
    name: 'export',
    usage: 'export --har FILE [FILTER…]',
    summary: 'write captured requests (all, or those matching FILTER) to a HAR 1.2 file',
    flags: [{ name: 'har', type: 'string', value: 'FILE', help: 'the HAR file to write ("-": standard output)' }, DATA_FLAG, HELP_FLAG],
    details: `${FILTER_HELP}\n\nExample: hookbay export --har failed.har dl:failed\n\n${OWNER_HELP}`,
  },
  run: async ({ values, positionals, runtime }) => {
    const file = values.har as string | undefined;
    if (!file) throw new UsageError('--har FILE is required', 'export');
    const filter = filterOf(positionals, 'export');
    const client = await openClient(dataDirOf(values), { sends: false, runtime });
    let har: Record<string, unknown>;
    try {
      har = await client.call('exportHar', { filter });
    } finally {
      await client.close();
    }
    const text = JSON.stringify(har, null, 2) + '\n';
    if (file === '-') return void process.stdout.write(text);
    fs.writeFileSync(path.resolve(file), text);
    const entries = ((har.log as { entries?: unknown[] } | undefined)?.entries ?? []).length;
    process.stderr.write(`Wrote ${entries} request${entries === 1 ? '' : 's'} to ${file}.\n`);
  },
};
