/**
 * Running a Hookbay in the foreground (`serve`, `listen`): start, print where things are,
 * stream the live log, and stop on Ctrl-C — cleanly the first time, at once the second.
 */
import type { Handlers } from '../contract';
import type { HookbayEvent } from '../contract/events';
import type { TunnelSettings } from '../contract/tunnel';
import { createHandlers } from '../core/service';
import { VERSION } from '../core/version';
import { installLastResort } from '../headless/last-resort';
import type { Headless } from '../headless/serve';
import { applyConfig, ConfigError, configFileOf, loadConfig, watchConfig } from './config-file';
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
  /** Runs after the config file was applied again (a command re-asserts its own settings). */
  afterConfig(fn: () => Promise<void>): void;
}

export interface RunServerOptions {
  /** Print the live lines as text (listen); `serve` prints them only with --json. */
  liveText: boolean;
  /** Before "Ready.": configure endpoints; returns extra banner lines. */
  prepare?: (running: Running) => Promise<string[]>;
  title: string;
  /** `hookbay serve`: how another Hookbay refused this data directory names this one. */
  command: string;
  /** Extra words for a text line (listen: why a request is not forwarded). */
  note?: (record: LiveRecord) => string | null;
}

export async function runServer(values: FlagValues, runtime: CliRuntime, o: RunServerOptions): Promise<void> {
  const json = values.json === true;
  const tunnel: TunnelSettings | null = tunnelSettingsOf(values);
  // Read and checked before anything starts: a bad file is a usage error, not a half-started server.
  const configFile = configFileOf(values.config as string | undefined);
  const declared = configFile ? loadConfig(configFile) : null;
  const headless = await startServer(values, runtime, o.command);
  installLastResort(headless.log);
  const { app } = headless;
  const safe = values.safe === true;
  const paint = paintFor(process.stdout, process.env);
  const out = (line: string) => process.stdout.write(line + '\n');
  const cleanups: (() => Promise<void> | void)[] = [];
  const reassert: (() => Promise<void>)[] = [];
  const running: Running = {
    headless,
    handlers: createHandlers(app),
    json,
    emit: (record, text) => {
      if (json) out(JSON.stringify(record));
      else if (text !== undefined) out(text);
    },
    onClose: (fn) => cleanups.push(fn),
    afterConfig: (fn) => reassert.push(fn),
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

  const extra: string[] = [];
  try {
    if (configFile && declared) {
      const applied = await applyConfig(running.handlers, declared);
      markManaged(configFile, declared);
      extra.push(`  Config     ${configFile}   (${declared.length} endpoint${declared.length === 1 ? '' : 's'}: ${declared.map((e) => e.slug).join(', ')})`);
      running.emit({ type: 'config', file: configFile, endpoints: declared.map((e) => e.slug), ...applied });
      const stop = watchConfig(configFile, () => void reapply(configFile));
      running.onClose(stop);
    }
    extra.push(...((await o.prepare?.(running)) ?? []));
  } catch (err) {
    for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
    await headless.close();
    throw err;
  }

  /** The inspector shows these endpoints as the file's, for as long as this process applies it. */
  function markManaged(file: string, endpoints: readonly { slug: string }[]): void {
    app.managed.declare(file, endpoints.map((e) => e.slug));
    app.events.emit({ type: 'endpoints.changed' });
  }

  /** A changed file: applied when valid; when not, the error is shown and the previous settings stay. */
  async function reapply(file: string): Promise<void> {
    try {
      const endpoints = loadConfig(file);
      const applied = await applyConfig(running.handlers, endpoints);
      markManaged(file, endpoints);
      for (const fn of reassert) await fn();
      running.emit({ type: 'config', file, endpoints: endpoints.map((e) => e.slug), ...applied }, `Config: applied ${file} (created: ${applied.created.join(', ') || 'none'}; updated: ${applied.updated.join(', ') || 'none'})`);
    } catch (err) {
      const message = err instanceof ConfigError ? err.message : `${file}: ${(err as Error).message}`;
      if (json) out(JSON.stringify({ type: 'config', file, error: message }));
      process.stderr.write(`hookbay: config not applied, keeping the previous settings:\n${message}\n`);
    }
  }

  const stream = new LiveStream();
  if (json || o.liveText) {
    app.events.subscribe((event: HookbayEvent) => {
      for (const r of stream.records(event)) {
        const note = o.note?.(r);
        running.emit(r, note ? `${humanLine(r, paint)}  ${paint.dim(note)}` : humanLine(r, paint));
      }
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
    if (safe) out('  Safe mode  relay paused, tunnel closed; resume from the inspector or POST /api/relay/resume');
  }
  if (tunnel && !safe) {
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
