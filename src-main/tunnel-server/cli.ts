import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { TokenGrant } from './access';
import { DEFAULT_TUNNEL_SERVER_CONFIG, type TunnelServerConfig } from './config';
import { startTunnelServer, type RunningTunnelServer } from './server';

export const TUNNEL_SERVER_HELP = `Usage: hookbay tunnel-server --domain D [options]

A localtunnel-compatible server that forwards every request byte for byte.
Tunnels are https://<name>.D (wildcard DNS *.D and D pointing here); the stock
localtunnel client and Hookbay (provider "hookbay") both connect to it.

  --domain D              domain the tunnels live under (required) [HOOKBAY_TUNNEL_DOMAIN]
  --port N                public port, default 80 (443 with --cert) [HOOKBAY_TUNNEL_PORT]
  --address ADDR          public bind address, default 0.0.0.0
  --token T               access token (repeatable); without any token, anyone may open
                          tunnels [HOOKBAY_TUNNEL_TOKEN]
  --tokens-file F         JSON: [{"token": "...", "subdomains": ["name"], "maxTunnels": 5}]
  --cert F --key F        serve HTTPS with this certificate chain and key (PEM)
  --url-port N            port written into tunnel URLs (behind a port mapping), default --port
  --tunnel-address ADDR   where clients connect their tunnel sockets, default 0.0.0.0
  --tunnel-ports A-B      port range for tunnel sockets (open it in the firewall), default any
  --max-tunnels N         tunnels on this server, default ${DEFAULT_TUNNEL_SERVER_CONFIG.maxTunnels}
  --max-tunnels-per-token N   default ${DEFAULT_TUNNEL_SERVER_CONFIG.maxTunnelsPerToken}
  --max-sockets N         sockets per tunnel (the client opens this many), default ${DEFAULT_TUNNEL_SERVER_CONFIG.maxSocketsPerTunnel}
  --max-request-bytes N   largest request body forwarded (larger: 413), default ${DEFAULT_TUNNEL_SERVER_CONFIG.maxBodyBytes}
`;

const OPTIONS = {
  domain: { type: 'string' },
  port: { type: 'string' },
  address: { type: 'string' },
  token: { type: 'string', multiple: true },
  'tokens-file': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'url-port': { type: 'string' },
  'tunnel-address': { type: 'string' },
  'tunnel-ports': { type: 'string' },
  'max-tunnels': { type: 'string' },
  'max-tunnels-per-token': { type: 'string' },
  'max-sockets': { type: 'string' },
  'max-request-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function invalid(message: string): never {
  throw new Error(`Invalid configuration: ${message}`);
}

function whole(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) invalid(`--${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

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

/** The configuration from arguments and environment; throws `Invalid configuration: …` naming the flag. */
export function tunnelServerConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): TunnelServerConfig | 'help' {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false });
  if (values.help) return 'help';
  const domain = (values.domain ?? env.HOOKBAY_TUNNEL_DOMAIN ?? '').toLowerCase().replace(/\.$/, '');
  if (!domain) invalid('--domain is required (the tunnels are <name>.<domain>)');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) invalid(`--domain: "${domain}" is not a host name`);
  if (Boolean(values.cert) !== Boolean(values.key)) invalid('--cert and --key go together');
  let tlsFiles: TunnelServerConfig['tls'] = null;
  if (values.cert && values.key) {
    const read = (flag: string, file: string) => {
      try {
        return fs.readFileSync(file);
      } catch (err) {
        invalid(`--${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    };
    tlsFiles = { cert: read('cert', values.cert), key: read('key', values.key) };
  }
  const tokens: TokenGrant[] = [...(values.token ?? []), ...(env.HOOKBAY_TUNNEL_TOKEN ? [env.HOOKBAY_TUNNEL_TOKEN] : [])].map((token) => {
    if (token.length < 16) invalid('--token: use at least 16 characters (e.g. `openssl rand -hex 24`)');
    return { token };
  });
  if (values['tokens-file']) tokens.push(...readTokensFile(values['tokens-file']));
  let tunnelPorts: TunnelServerConfig['tunnelPorts'] = null;
  if (values['tunnel-ports']) {
    const m = /^(\d+)-(\d+)$/.exec(values['tunnel-ports']);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from < 1 || to > 65535 || from > to) invalid(`--tunnel-ports: expected a range like 20000-20999, got "${values['tunnel-ports']}"`);
    tunnelPorts = { from, to };
  }
  const d = DEFAULT_TUNNEL_SERVER_CONFIG;
  return {
    ...d,
    domain,
    port: whole('port', values.port ?? env.HOOKBAY_TUNNEL_PORT, 0, 65535) ?? (tlsFiles ? 443 : 80),
    address: values.address ?? d.address,
    urlPort: whole('url-port', values['url-port'], 1, 65535) ?? null,
    tls: tlsFiles,
    tokens,
    tunnelAddress: values['tunnel-address'] ?? d.tunnelAddress,
    tunnelPorts,
    maxTunnels: whole('max-tunnels', values['max-tunnels'], 1) ?? d.maxTunnels,
    maxTunnelsPerToken: whole('max-tunnels-per-token', values['max-tunnels-per-token'], 1) ?? d.maxTunnelsPerToken,
    maxSocketsPerTunnel: whole('max-sockets', values['max-sockets'], 1, 1000) ?? d.maxSocketsPerTunnel,
    maxBodyBytes: whole('max-request-bytes', values['max-request-bytes'], 0) ?? d.maxBodyBytes,
  };
}

/** `hookbay tunnel-server …`: runs until SIGINT/SIGTERM. The last line printed is `Ready.` */
export async function runTunnelServerCli(argv: string[]): Promise<void> {
  const config = tunnelServerConfig(argv);
  if (config === 'help') return void console.log(TUNNEL_SERVER_HELP);
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
