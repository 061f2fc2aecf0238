import type { Command } from './command';
import { SERVER_FLAGS } from './server-flags';
import { runServer } from './server-run';
import { HELP_FLAG } from './flags';

export const serve: Command = {
  spec: {
    name: 'serve',
    usage: 'serve [options]',
    summary: 'run headless: receiver + API + inspector UI in a browser',
    longRunning: true,
    flags: [...SERVER_FLAGS, HELP_FLAG],
    details: `Prints the receiver, inspector and API URLs, then "Ready.". With --json it prints NDJSON
instead: a {"type":"ready",…} object, then one object per captured request ("request"),
finished delivery attempt ("attempt") and tunnel change ("tunnel").`,
  },
  run: ({ values, runtime }) => runServer(values, runtime, { liveText: false, title: 'headless', command: 'hookbay serve' }),
};
