/**
 * `hookbay export --har FILE [filter]` / `--json-file FILE`: captured requests as HAR 1.2 (for
 * browsers' dev tools and other tools) or Hookbay JSON. The document is streamed to the file
 * piece by piece (from a running Hookbay's API, or from the stored requests one at a time), so an
 * export of any size works in bounded memory: never one string, which past ~512 MiB V8 cannot hold.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { sideFileOf } from '../core/store/private-files';
import { openClient } from './client';
import type { Command } from './command';
import { HELP_FLAG, UsageError } from './flags';
import { FILTER_HELP, filterOf, OWNER_HELP } from './requests';
import { dataDirOf, DATA_FLAG } from './server-flags';

/** Text handed to one `write` in direct mode (the chunks there are one request each). */
const BATCH_CHARS = 1024 * 1024;

/** Pieces of text or bytes as buffers, small pieces joined up to `BATCH_CHARS`. */
async function* batches(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending: string[] = [];
  let chars = 0;
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      if (pending.length > 0) yield Buffer.from(pending.join(''), 'utf8');
      pending = [];
      chars = 0;
      yield chunk;
      continue;
    }
    pending.push(chunk);
    chars += chunk.length;
    if (chars >= BATCH_CHARS) {
      yield Buffer.from(pending.join(''), 'utf8');
      pending = [];
      chars = 0;
    }
  }
  if (pending.length > 0) yield Buffer.from(pending.join(''), 'utf8');
}

/** Signals that end an export half-way (Ctrl-C, `kill`, the terminal closing), with the shell's exit code for each. */
const INTERRUPTS = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 } as const;

/**
 * While the side file exists, a signal removes it before the process ends: Node's default for
 * these signals is to die at once, which left a partial export (captured headers and bodies in
 * clear) beside the user's file for good. The side file sits wherever the user pointed, so no
 * later start can sweep it as it does the data directory's (`core/store/stale-side-files.ts`).
 * Returns the function that uninstalls the handlers.
 */
function removeOnInterrupt(temp: string): () => void {
  const handlers = Object.entries(INTERRUPTS).map(([signal, code]) => {
    const handler = () => {
      fs.rmSync(temp, { force: true });
      process.stderr.write(`\n${signal}: export stopped, its partial file removed.\n`);
      process.exit(code);
    };
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return () => handlers.forEach((uninstall) => uninstall());
}

/**
 * Writes the stream to `file`, whole or not at all: to a side file created 0600 (the export holds
 * captured headers and bodies in clear, like the data directory), renamed over `file` when
 * complete, removed if anything fails or a signal stops the process. Returns the bytes written.
 */
export async function writeStreamToFile(chunks: AsyncIterable<string | Uint8Array>, file: string): Promise<number> {
  const temp = sideFileOf(file);
  // Before the open: a signal while it is created must not leave it either.
  const uninstall = removeOnInterrupt(temp);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(temp, 'wx', 0o600);
  } catch (err) {
    uninstall();
    throw err;
  }
  let bytes = 0;
  try {
    await handle.chmod(0o600).catch(() => undefined); // a umask cannot add bits, but may remove the owner's
    for await (const buf of batches(chunks)) {
      await handle.write(buf);
      bytes += buf.length;
    }
    // On disk before the rename, or a power loss could leave the finished name on partial content.
    await handle.sync();
    await handle.close();
    await fs.promises.rename(temp, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw err;
  } finally {
    uninstall();
  }
  return bytes;
}

async function writeStreamToStdout(chunks: AsyncIterable<string | Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const buf of batches(chunks)) {
    bytes += buf.length;
    if (!process.stdout.write(buf)) await once(process.stdout, 'drain');
  }
  return bytes;
}

export const exportCommand: Command = {
  spec: {
    name: 'export',
    filterPositionals: true,
    usage: 'export (--har FILE | --json-file FILE) [FILTER…]',
    summary: 'write captured requests (all, or those matching FILTER) to a HAR 1.2 or Hookbay JSON file',
    flags: [
      { name: 'har', type: 'string', value: 'FILE', help: 'the HAR file to write ("-": standard output)' },
      { name: 'json-file', type: 'string', value: 'FILE', help: 'the Hookbay JSON file to write instead (byte-exact, with verdicts and deliveries; "-": standard output)' },
      DATA_FLAG,
      HELP_FLAG,
    ],
    details: `${FILTER_HELP}\n\nThe file appears when the export is complete (written beside it, then renamed; 0600).\n\nExample: hookbay export --har failed.har dl:failed\n\n${OWNER_HELP}`,
  },
  run: async ({ values, positionals, runtime }) => {
    const har = values.har as string | undefined;
    const json = values['json-file'] as string | undefined;
    if (!har && !json) throw new UsageError('--har FILE or --json-file FILE is required', 'export');
    if (har && json) throw new UsageError('give one of --har FILE and --json-file FILE', 'export');
    const file = (har ?? json)!;
    const filter = filterOf(positionals, 'export');
    const client = await openClient(dataDirOf(values), { sends: false, runtime });
    let bytes: number;
    try {
      const chunks = await client.stream(har ? 'exportHar' : 'exportJson', { filter });
      bytes = file === '-' ? await writeStreamToStdout(chunks) : await writeStreamToFile(chunks, path.resolve(file));
    } finally {
      await client.close();
    }
    if (file !== '-') process.stderr.write(`Wrote ${bytes} bytes to ${file}.\n`);
  },
};
