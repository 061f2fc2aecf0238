/**
 * Running a Hookbay in the foreground (`serve`, `listen`): start, print where things are,
 * stream the live log, and stop on Ctrl-C — cleanly the first time, at once the second.
 */
import type { Handlers } from '../contract';
import type { HookbayEvent } from '../contract/events';
import type { TunnelSettings } from '../contract/tunnel';
import { createHandlers } from '../core/service';
import { VERSION } from '../core/version';
import type { Headless } from '../headless/serve';
import type { FlagValues } from './flags';
import { humanLine, LiveStream, paintFor, type LiveRecord } from './live-log';
import { startServer, tunnelSettingsOf, type CliRuntime } from './server-flags';

export interface Running {
  headless: Headless;
  handlers: Handlers;
  json: boolean;
  /** Writes one record: NDJSON, or a text line. */
  emit(record: LiveRecord | Record<string, unknown>, text?: string): void;
  /** Runs before the server closes (restoring what the command changed). */
  onClose(cleanup: () => Promise<void> | void): void;
}

export interface RunServerOptions {
  /** Print the live lines as text (listen); `serve` prints them only with --json. */
  liveText: boolean;
  /** Before "Ready.": configure endpoints; returns extra banner lines. */
  prepare?: (running: Running) => Promise<string[]>;
  title: string;
}

export async function runServer(values: FlagValues, runtime: CliRuntime, o: RunServerOptions): Promise<void> {
  const json = values.json === true;
  const tunnel: TunnelSettings | null = tunnelSettingsOf(values);
  const headless = await startServer(values, runtime);
  const { app } = headless;
  const paint = paintFor(process.stdout, process.env);
  const out = (line: string) => process.stdout.write(line + '\n');
  const cleanups: (() => Promise<void> | void)[] = [];
  const running: Running = {
    headless,
    handlers: createHandlers(app),
    json,
    emit: (record, text) => {
      if (json) out(JSON.stringify(record));
      else if (text !== undefined) out(text);
    },
    onClose: (fn) => cleanups.push(fn),
  };

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      // The second Ctrl-C: the user does not want to wait for a clean stop.
      process.stderr.write('Stopping now.\n');
      process.exit(130);
    }
    closing = true;
    if (!json) process.stderr.write(`\n${signal}: stopping… (Ctrl-C again to quit at once)\n`);
    void (async () => {
      for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
      await headless.close();
    })().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  let extra: string[];
  try {
    extra = (await o.prepare?.(running)) ?? [];
  } catch (err) {
    for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
    await headless.close();
    throw err;
  }

  const stream = new LiveStream();
  if (json || o.liveText) {
    app.events.subscribe((event: HookbayEvent) => {
      for (const r of stream.records(event)) running.emit(r, humanLine(r, paint));
    });
  }
  if (json) {
    out(JSON.stringify({ type: 'ready', version: VERSION, receiverUrl: app.receiverUrl, inspectorUrl: headless.inspectorUrl, apiUrl: `${headless.apiUrl}/api`, dataDir: app.config.dataDir }));
  } else {
    out(`Hookbay ${VERSION} (${o.title})`);
    out(`  Receiver   ${app.receiverUrl}/<endpoint-slug>   (send webhooks here)`);
    for (const line of extra) out(line);
    out(`  Inspector  ${headless.inspectorUrl}`);
    out(`  API        ${headless.apiUrl}/api   (Authorization: Bearer <token>)`);
    out(`  Data       ${app.config.dataDir}   (secrets ${app.secretStorage})`);
    out(`  Log        ${headless.log.file}`);
    if (!headless.api.hasUi) out('  Note: the inspector UI is not built; run `npm run build`.');
  }
  if (tunnel) {
    // Its progress arrives as `tunnel` lines through the live stream; serve without it prints the outcome.
    if (json || o.liveText) void app.tunnel.start(tunnel);
    else {
      const status = await app.tunnel.start(tunnel);
      if (status.state === 'online') out(`  Tunnel     ${status.url}`);
      else out(`  Tunnel     ${status.state}: ${status.reason ?? 'connecting…'}`);
    }
  }
  // Last line: tests and scripts wait for it.
  if (!json) out('Ready.');
}
