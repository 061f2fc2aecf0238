#!/usr/bin/env node
/**
 * `hookbay serve`: the headless mode. Runs under plain Node (no Electron) and serves
 * the same renderer to a browser. Flags have HOOKBAY_* environment equivalents.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TunnelSettings } from './contract/tunnel';
import { DEFAULT_LIMITS } from './core/capture/limits';
import { DEFAULT_MAX_ROWS, DEFAULT_RECEIVER_PORT, describeIssues } from './core/config';
import type { LogLevel } from './core/log/logger';
import { VERSION } from './core/version';
import { defaultDataDir } from './headless/data-dir';
import { installLastResort } from './headless/last-resort';
import { startHeadless, type Headless } from './headless/serve';

// For scripts/write-openapi.cjs, which writes docs/openapi.json from the built CLI.
export { openApiDocument } from './headless/openapi';

const HELP = `Hookbay ${VERSION} — capture, verify, relay and replay webhooks.

Usage:
  hookbay serve [options]     run headless: receiver + API + inspector UI in a browser
  hookbay                     start the desktop app (where Electron is installed)

Options for serve (environment variable in brackets):
  --port N            receiver port, default ${DEFAULT_RECEIVER_PORT} [HOOKBAY_PORT]
  --host ADDR         receiver bind address, default 127.0.0.1 [HOOKBAY_HOST]
  --ui-port N         API + inspector port, default 8788 [HOOKBAY_UI_PORT]
  --data DIR          data directory, default ${defaultDataDir()} [HOOKBAY_DATA]
  --token TOKEN       API token; generated and kept in the data dir when absent [HOOKBAY_TOKEN]
  --body-limit BYTES  largest body stored whole (larger: 413, stored truncated), default ${DEFAULT_LIMITS.bodyLimit}
  --durability MODE   normal (survives a killed process) or full (also power loss), default normal
  --max-rows N        keep at most N requests, default ${DEFAULT_MAX_ROWS}
  --max-age-days N    drop requests older than N days, default: keep
  --tunnel            open a public URL through localtunnel at start
  --subdomain NAME    ask the tunnel server for this subdomain
  --tunnel-host URL   localtunnel server, default https://localtunnel.me
  --safe              start with the relay paused and the tunnel closed (after a crash);
                      resume from the inspector or POST /api/relay/resume
  --log-level LEVEL   silent, error, warn, info or debug, default info [HOOKBAY_LOG_LEVEL]
                      (the log is <data>/logs/headless.log, rotated at 5 MB, 3 kept)
  -h, --help          show this help
  -v, --version       print the version
`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`Invalid configuration: --${name}: expected an integer, got "${value}"`);
  return n;
}

/** What differs when the CLI runs inside the packaged desktop app (src-main/shell/cli-mode.ts). */
export interface CliRuntime {
  /** better_sqlite3.node built for Electron's ABI. */
  nativeBinding?: string;
}

export async function main(argv: string[], runtime: CliRuntime = {}): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'ui-port': { type: 'string' },
      data: { type: 'string' },
      token: { type: 'string' },
      'body-limit': { type: 'string' },
      durability: { type: 'string' },
      'max-rows': { type: 'string' },
      'max-age-days': { type: 'string' },
      tunnel: { type: 'boolean' },
      subdomain: { type: 'string' },
      'tunnel-host': { type: 'string' },
      'log-level': { type: 'string' },
      safe: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) return void console.log(VERSION);
  if (values.help || positionals[0] !== 'serve') {
    console.log(HELP);
    if (!values.help && positionals.length > 0) process.exitCode = 2;
    return;
  }
  const env = process.env;
  // Checked before anything starts, so a typo does not leave a half-started server.
  let tunnel: TunnelSettings | null = null;
  if (values.tunnel) {
    const settings = TunnelSettings.safeParse({ enabled: true, subdomain: values.subdomain, host: values['tunnel-host'] });
    if (!settings.success) {
      throw new Error(`Invalid configuration: ${describeIssues(settings.error, { subdomain: '--subdomain', host: '--tunnel-host' })}`);
    }
    tunnel = settings.data;
  }
  const headless: Headless = await startHeadless({
    core: {
      dataDir: path.resolve(values.data ?? env.HOOKBAY_DATA ?? defaultDataDir()),
      receiverPort: int('port', values.port ?? env.HOOKBAY_PORT),
      receiverHost: values.host ?? env.HOOKBAY_HOST,
      bodyLimitBytes: int('body-limit', values['body-limit']),
      durability: values.durability as 'normal' | 'full' | undefined,
      retention: {
        maxRows: int('max-rows', values['max-rows']) ?? DEFAULT_MAX_ROWS,
        maxAgeDays: int('max-age-days', values['max-age-days']) ?? null,
      },
      ...(runtime.nativeBinding ? { nativeBinding: runtime.nativeBinding } : {}),
    },
    logLevel: (values['log-level'] || env.HOOKBAY_LOG_LEVEL || undefined) as LogLevel | undefined,
    uiPort: int('ui-port', values['ui-port'] ?? env.HOOKBAY_UI_PORT),
    token: values.token ?? env.HOOKBAY_TOKEN,
    rendererDir: path.join(__dirname, '../renderer'),
    safe: values.safe === true,
  });
  installLastResort(headless.log);
  const { app } = headless;
  console.log(`Hookbay ${VERSION} (headless)`);
  console.log(`  Receiver   ${app.receiverUrl}/<endpoint-slug>   (send webhooks here)`);
  console.log(`  Inspector  ${headless.inspectorUrl}`);
  console.log(`  API        ${headless.apiUrl}/api   (Authorization: Bearer <token>)`);
  console.log(`  Data       ${app.config.dataDir}   (secrets ${app.secretStorage})`);
  console.log(`  Log        ${headless.log.file}`);
  if (!headless.api.hasUi) console.log('  Note: the inspector UI is not built; run `npm run build`.');
  if (values.safe) console.log('  Safe mode  relay paused, tunnel closed; resume from the inspector or POST /api/relay/resume');
  if (tunnel && !values.safe) {
    const status = await app.tunnel.start(tunnel);
    if (status.state === 'online') console.log(`  Tunnel     ${status.url}`);
    else console.log(`  Tunnel     ${status.state}: ${status.reason ?? 'connecting…'}`);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping…`);
    headless.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Last line: tests and scripts wait for it.
  console.log('Ready.');
}

/** Runs the CLI; a failure becomes one line on stderr and exit code 1, never a stack trace. */
export function runCli(argv: string[], runtime?: CliRuntime): Promise<void> {
  return main(argv, runtime).catch((err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`hookbay: port ${(e as { port?: number }).port ?? ''} is already in use; pick another with --port / --ui-port.`);
    } else console.error(`hookbay: ${e.message ?? String(err)}`);
    process.exit(1);
  });
}

if (require.main === module) void runCli(process.argv.slice(2));
