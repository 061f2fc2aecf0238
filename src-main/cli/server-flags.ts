/**
 * Flags shared by the commands that run a Hookbay (`serve`, `listen`), and how they become
 * the headless server's options. The server validates the values and names the flag.
 */
import path from 'node:path';
import { TunnelSettings } from '../contract/tunnel';
import { DEFAULT_LIMITS } from '../core/capture/limits';
import { DEFAULT_MAX_ROWS, DEFAULT_RECEIVER_PORT, describeIssues } from '../core/config';
import type { LogLevel } from '../core/log/logger';
import { defaultDataDir } from '../headless/data-dir';
import { InvalidConfiguration, startHeadless, type Headless } from '../headless/serve';
import { intFlag, type FlagSpec, type FlagValues } from './flags';

/** What differs when the CLI runs inside the packaged desktop app (src-main/shell/cli-mode.ts). */
export interface CliRuntime {
  /** better_sqlite3.node built for Electron's ABI. */
  nativeBinding?: string;
}

export const DATA_FLAG: FlagSpec = {
  name: 'data',
  type: 'string',
  value: 'DIR',
  // Words, not this machine's path: the same text goes into docs/cli.md.
  default: '~/.config/Hookbay (macOS: ~/Library/Application Support/Hookbay, Windows: %APPDATA%\\Hookbay)',
  help: "data directory, shared with the desktop app",
};
export const JSON_FLAG: FlagSpec = { name: 'json', type: 'boolean', help: 'print NDJSON (one JSON object per line) on stdout instead of text' };
export const CONFIG_FLAG: FlagSpec = {
  name: 'config',
  type: 'string',
  value: 'FILE',
  default: './hookbay.config.json when present',
  help: 'endpoints as code: applied at start and whenever the file changes',
};

export const SERVER_FLAGS: FlagSpec[] = [
  { name: 'port', type: 'string', value: 'N', default: String(DEFAULT_RECEIVER_PORT), help: 'receiver port (0: any free port)' },
  { name: 'host', type: 'string', value: 'ADDR', default: '127.0.0.1', help: 'receiver bind address' },
  { name: 'ui-port', type: 'string', value: 'N', default: '8788', help: 'API + inspector port (0: any free port)' },
  DATA_FLAG,
  { name: 'token', type: 'string', value: 'TOKEN', help: 'API token (at least 16 characters); generated and kept in the data dir (0600) when absent' },
  { name: 'body-limit', type: 'string', value: 'BYTES', default: String(DEFAULT_LIMITS.bodyLimit), help: 'largest body stored whole (larger: 413, stored truncated)' },
  { name: 'durability', type: 'string', value: 'MODE', default: 'normal', help: 'normal (survives a killed process) or full (also power loss)' },
  { name: 'max-rows', type: 'string', value: 'N', default: String(DEFAULT_MAX_ROWS), help: 'keep at most N requests' },
  { name: 'max-age-days', type: 'string', value: 'N', help: 'drop requests older than N days (default: keep)' },
  { name: 'tunnel', type: 'boolean', help: 'open a public URL at start, through --tunnel-provider (default localtunnel)' },
  { name: 'subdomain', type: 'string', value: 'NAME', help: 'ask the tunnel server for this subdomain' },
  { name: 'tunnel-host', type: 'string', value: 'URL', default: 'https://localtunnel.me', help: 'localtunnel server (or, for --tunnel-provider hookbay, your hookbay tunnel-server)' },
  { name: 'tunnel-provider', type: 'string', value: 'NAME', default: 'localtunnel', help: 'localtunnel, hookbay (self-hosted), ngrok (reads NGROK_AUTHTOKEN) or cloudflared; implies --tunnel' },
  { name: 'tunnel-token', type: 'string', value: 'TOKEN', help: 'hookbay provider: the tunnel server\'s access token' },
  { name: 'tunnel-domain', type: 'string', value: 'DOMAIN', help: 'ngrok: a reserved domain; cloudflared: the hostname of the named tunnel' },
  { name: 'tunnel-name', type: 'string', value: 'NAME', help: 'cloudflared: a named tunnel from your cloudflared config (default: a quick tunnel)' },
  { name: 'cloudflared', type: 'string', value: 'PATH', default: 'cloudflared on PATH', help: 'cloudflared binary' },
  { name: 'safe', type: 'boolean', help: 'start with the relay paused and the tunnel closed (after a crash); resume from the inspector or POST /api/relay/resume' },
  { name: 'log-level', type: 'string', value: 'LEVEL', default: 'info', help: 'silent, error, warn, info or debug (log file: <data>/logs/headless.log, 5 MB x 3)' },
  CONFIG_FLAG,
  JSON_FLAG,
];

export function dataDirOf(values: FlagValues): string {
  return path.resolve((values.data as string | undefined) ?? defaultDataDir());
}

/** The tunnel settings the flags ask for, checked before anything starts; null without --tunnel. */
export function tunnelSettingsOf(values: FlagValues): TunnelSettings | null {
  if (!values.tunnel && !values['tunnel-provider']) return null;
  const settings = TunnelSettings.safeParse({
    enabled: true,
    provider: values['tunnel-provider'],
    subdomain: values.subdomain,
    host: values['tunnel-host'],
    token: values['tunnel-token'],
    domain: values['tunnel-domain'],
    tunnelName: values['tunnel-name'],
    binary: values.cloudflared,
  });
  if (!settings.success) {
    const flags = { subdomain: '--subdomain', host: '--tunnel-host', provider: '--tunnel-provider', token: '--tunnel-token', domain: '--tunnel-domain', tunnelName: '--tunnel-name', binary: '--cloudflared' };
    throw new InvalidConfiguration(describeIssues(settings.error, flags));
  }
  return settings.data;
}

/** Starts the receiver, the API and the inspector as the flags say. */
export function startServer(values: FlagValues, runtime: CliRuntime, command: string): Promise<Headless> {
  const s = (name: string) => values[name] as string | undefined;
  return startHeadless({
    core: {
      dataDir: dataDirOf(values),
      receiverPort: intFlag('port', s('port')),
      receiverHost: s('host'),
      bodyLimitBytes: intFlag('body-limit', s('body-limit')),
      durability: s('durability') as 'normal' | 'full' | undefined,
      retention: {
        maxRows: intFlag('max-rows', s('max-rows')) ?? DEFAULT_MAX_ROWS,
        maxAgeDays: intFlag('max-age-days', s('max-age-days')) ?? null,
      },
      ...(runtime.nativeBinding ? { nativeBinding: runtime.nativeBinding } : {}),
    },
    logLevel: s('log-level') as LogLevel | undefined,
    uiPort: intFlag('ui-port', s('ui-port')),
    token: s('token'),
    rendererDir: path.join(__dirname, '../renderer'),
    safe: values.safe === true,
    command,
  });
}
