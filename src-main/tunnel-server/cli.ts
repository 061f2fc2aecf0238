import fs from 'node:fs';
import type { Command } from '../cli/command';
import { HELP_FLAG, intFlag, parseCommand, type FlagSpec, type FlagValues } from '../cli/flags';
import { InvalidConfiguration } from '../headless/serve';
import type { TokenGrant } from './access';
import { DEFAULT_TUNNEL_SERVER_CONFIG, type TunnelServerConfig } from './config';
import { startTunnelServer, type RunningTunnelServer } from './server';

/**
 * The flags, declared like every `hookbay` command's (src-main/cli/flags.ts gives parsing,
 * `--help` and docs/cli.md). Their environment variables are this command's own
 * (HOOKBAY_TUNNEL_*), read in `tunnelServerConfigOf`: the generic HOOKBAY_<FLAG> names would
 * collide with `serve`'s (`HOOKBAY_TOKEN` is its API token).
 */
const d = DEFAULT_TUNNEL_SERVER_CONFIG;
export const TUNNEL_SERVER_FLAGS: FlagSpec[] = [
  { name: 'domain', type: 'string', value: 'D', noEnv: true, help: 'domain the tunnels live under, <name>.D (required) [HOOKBAY_TUNNEL_SERVER_DOMAIN]' },
  { name: 'port', type: 'string', value: 'N', noEnv: true, default: '80, 443 with --cert', help: 'public port [HOOKBAY_TUNNEL_SERVER_PORT]' },
  { name: 'address', type: 'string', value: 'ADDR', noEnv: true, default: d.address, help: 'public bind address' },
  { name: 'token', type: 'string', value: 'T', multiple: true, noEnv: true, help: 'access token, at least 16 characters; without any, anyone may open tunnels [HOOKBAY_TUNNEL_TOKEN]' },
  { name: 'tokens-file', type: 'string', value: 'F', noEnv: true, help: 'JSON: [{"token": "...", "subdomains": ["name"], "maxTunnels": 5}]' },
  { name: 'cert', type: 'string', value: 'F', noEnv: true, help: 'serve HTTPS with this certificate chain (PEM); with --key' },
  { name: 'key', type: 'string', value: 'F', noEnv: true, help: 'the private key (PEM) for --cert' },
  { name: 'url-port', type: 'string', value: 'N', noEnv: true, default: '--port', help: 'port written into tunnel URLs (behind a port mapping)' },
  { name: 'tunnel-address', type: 'string', value: 'ADDR', noEnv: true, default: d.tunnelAddress, help: 'where clients connect their tunnel sockets' },
  { name: 'tunnel-ports', type: 'string', value: 'A-B', noEnv: true, default: 'any', help: 'port range for tunnel sockets (open it in the firewall)' },
  { name: 'max-tunnels', type: 'string', value: 'N', noEnv: true, default: String(d.maxTunnels), help: 'tunnels on this server' },
  { name: 'max-tunnels-per-token', type: 'string', value: 'N', noEnv: true, default: String(d.maxTunnelsPerToken), help: 'tunnels per token (a tokens-file entry may say otherwise); without tokens, per client address' },
  { name: 'max-sockets', type: 'string', value: 'N', noEnv: true, default: String(d.maxSocketsPerTunnel), help: 'sockets per tunnel (the client opens this many)' },
  { name: 'max-request-bytes', type: 'string', value: 'N', noEnv: true, default: String(d.maxBodyBytes), help: 'largest request body forwarded (larger: 413)' },
  { name: 'max-waiting', type: 'string', value: 'N', noEnv: true, default: String(d.maxWaitingPerTunnel), help: 'requests that may wait for a socket of one tunnel (more: 503)' },
  { name: 'socket-wait', type: 'string', value: 'S', noEnv: true, default: String(d.socketWaitMs / 1000), help: 'seconds a request waits for a tunnel socket (then 504)' },
  { name: 'headers-timeout', type: 'string', value: 'S', noEnv: true, default: String(d.headersTimeoutMs / 1000), help: 'seconds for a request head to arrive (then 408)' },
  { name: 'request-timeout', type: 'string', value: 'S', noEnv: true, default: String(d.requestTimeoutMs / 1000), help: 'seconds for a whole request to arrive (then 408)' },
  { name: 'keep-alive-timeout', type: 'string', value: 'S', noEnv: true, default: String(d.keepAliveTimeoutMs / 1000), help: 'seconds an idle kept-alive public connection stays open' },
  { name: 'max-connections-per-address', type: 'string', value: 'N', noEnv: true, default: String(d.maxConnectionsPerAddress), help: 'public connections one address may hold open' },
  HELP_FLAG,
];

function invalid(message: string): never {
  throw new InvalidConfiguration(message);
}

/** Integer flags go through the parser every `hookbay` command uses, so they read and complain alike. */
const ours = { command: 'tunnel-server' };

function readTokensFile(file: string): TokenGrant[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    invalid(`--tokens-file ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) invalid(`--tokens-file ${file}: expected a JSON array of {"token", "subdomains"?, "maxTunnels"?}`);
  return parsed.map((entry: unknown, i): TokenGrant => {
    const e = entry as Partial<TokenGrant>;
    if (typeof e?.token !== 'string' || e.token.length < 16) invalid(`--tokens-file ${file}: entry ${i}: "token" must be a string of at least 16 characters`);
    if (e.subdomains !== undefined && !(Array.isArray(e.subdomains) && e.subdomains.every((s) => typeof s === 'string'))) {
      invalid(`--tokens-file ${file}: entry ${i}: "subdomains" must be a list of names`);
    }
    if (e.maxTunnels !== undefined && !(Number.isInteger(e.maxTunnels) && e.maxTunnels > 0)) invalid(`--tokens-file ${file}: entry ${i}: "maxTunnels" must be a positive whole number`);
    return { token: e.token, subdomains: e.subdomains, maxTunnels: e.maxTunnels };
  });
}

/** The configuration from parsed flags and environment; throws `Invalid configuration: …` naming the flag. */
export function tunnelServerConfigOf(values: FlagValues, env: NodeJS.ProcessEnv = process.env): TunnelServerConfig {
  const str = (name: string) => values[name] as string | undefined;
  const seconds = (name: string) => {
    const n = intFlag(name, str(name), { min: 1, max: 3600, ...ours });
    return n === undefined ? undefined : n * 1000;
  };
  const domain = (str('domain') ?? env.HOOKBAY_TUNNEL_SERVER_DOMAIN ?? '').toLowerCase().replace(/\.$/, '');
  if (!domain) invalid('--domain is required (the tunnels are <name>.<domain>)');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) invalid(`--domain: "${domain}" is not a host name`);
  if (Boolean(str('cert')) !== Boolean(str('key'))) invalid('--cert and --key go together');
  let tlsFiles: TunnelServerConfig['tls'] = null;
  const certFile = str('cert');
  const keyFile = str('key');
  if (certFile && keyFile) {
    const read = (flag: string, file: string) => {
      try {
        return fs.readFileSync(file);
      } catch (err) {
        invalid(`--${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    };
    tlsFiles = { cert: read('cert', certFile), key: read('key', keyFile) };
  }
  const tokens: TokenGrant[] = [...((values.token as string[] | undefined) ?? []), ...(env.HOOKBAY_TUNNEL_TOKEN ? [env.HOOKBAY_TUNNEL_TOKEN] : [])].map((token) => {
    if (token.length < 16) invalid('--token: use at least 16 characters (e.g. `openssl rand -hex 24`)');
    return { token };
  });
  const tokensFile = str('tokens-file');
  if (tokensFile) tokens.push(...readTokensFile(tokensFile));
  let tunnelPorts: TunnelServerConfig['tunnelPorts'] = null;
  const range = str('tunnel-ports');
  if (range) {
    const m = /^(\d+)-(\d+)$/.exec(range);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from < 1 || to > 65535 || from > to) invalid(`--tunnel-ports: expected a range like 20000-20999, got "${str('tunnel-ports')}"`);
    tunnelPorts = { from, to };
  }
  return {
    ...d,
    domain,
    port: intFlag('port', str('port') ?? env.HOOKBAY_TUNNEL_SERVER_PORT, { min: 0, max: 65535, ...ours }) ?? (tlsFiles ? 443 : 80),
    address: str('address') ?? d.address,
    urlPort: intFlag('url-port', str('url-port'), { min: 1, max: 65535, ...ours }) ?? null,
    tls: tlsFiles,
    tokens,
    tunnelAddress: str('tunnel-address') ?? d.tunnelAddress,
    tunnelPorts,
    maxTunnels: intFlag('max-tunnels', str('max-tunnels'), { min: 1, ...ours }) ?? d.maxTunnels,
    maxTunnelsPerToken: intFlag('max-tunnels-per-token', str('max-tunnels-per-token'), { min: 1, ...ours }) ?? d.maxTunnelsPerToken,
    maxSocketsPerTunnel: intFlag('max-sockets', str('max-sockets'), { min: 1, max: 1000, ...ours }) ?? d.maxSocketsPerTunnel,
    maxBodyBytes: intFlag('max-request-bytes', str('max-request-bytes'), { min: 0, ...ours }) ?? d.maxBodyBytes,
    maxWaitingPerTunnel: intFlag('max-waiting', str('max-waiting'), { min: 0, ...ours }) ?? d.maxWaitingPerTunnel,
    socketWaitMs: seconds('socket-wait') ?? d.socketWaitMs,
    headersTimeoutMs: seconds('headers-timeout') ?? d.headersTimeoutMs,
    requestTimeoutMs: seconds('request-timeout') ?? d.requestTimeoutMs,
    keepAliveTimeoutMs: seconds('keep-alive-timeout') ?? d.keepAliveTimeoutMs,
    maxConnectionsPerAddress: intFlag('max-connections-per-address', str('max-connections-per-address'), { min: 1, ...ours }) ?? d.maxConnectionsPerAddress,
  };
}

/** `hookbay tunnel-server …`: runs until SIGINT/SIGTERM. The last line printed is `Ready.` */
export async function runTunnelServer(config: TunnelServerConfig): Promise<void> {
  const server: RunningTunnelServer = await startTunnelServer(config);
  console.log(`Hookbay tunnel server on ${config.address}:${server.port}${config.tls ? ' (TLS)' : ''}`);
  console.log(`  Clients    --host ${server.url}${config.tokens.length ? '/t/<token>   (or Authorization: Bearer <token>)' : ''}`);
  console.log(`  Tunnels    ${server.url.replace('://', '://<name>.')}`);
  console.log(`  Health     ${server.url}/api/health`);
  if (config.tokens.length === 0) console.log('  Warning: no --token, so anyone who reaches this server can open tunnels.');
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  console.log('Ready.');
}

/** `hookbay tunnel-server`, listed with the other commands (src-main/cli/main.ts). */
export const tunnelServerCommand: Command = {
  spec: {
    name: 'tunnel-server',
    usage: 'tunnel-server --domain D [options]',
    summary: 'run a self-hosted tunnel server that forwards every byte (docs/tunnel-server.md)',
    longRunning: true,
    flags: TUNNEL_SERVER_FLAGS,
    details: `A localtunnel-compatible server: tunnels are <name>.D (wildcard DNS *.D and D pointing here);
the stock localtunnel client and Hookbay (--tunnel-provider hookbay) connect to it. Prints its
URLs, then "Ready.". The stock client sends a token in its host's path: --host https://D/t/<token>.`,
  },
  run: ({ values, env }) => runTunnelServer(tunnelServerConfigOf(values, env)),
};

/** For tests: the configuration from an argument list, as `hookbay tunnel-server` parses it. */
export function tunnelServerConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): TunnelServerConfig {
  return tunnelServerConfigOf(parseCommand(tunnelServerCommand.spec, argv, env).values, env);
}
