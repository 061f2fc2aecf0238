import { spawn, type ChildProcess } from 'node:child_process';
import type { TunnelSettings } from '../../../contract/tunnel';
import { checkResolves, dnsFailure, ExternalTunnel, looksLikeDns, ProviderError, type Ingress } from '../provider';

/** Where a quick tunnel is requested; a named tunnel goes straight to Cloudflare's edge. */
export const QUICK_TUNNEL_SERVER = 'api.trycloudflare.com';

const QUICK_TUNNEL_URL = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/;
/** cloudflared logs this once an edge connection of a tunnel is up. */
const CONNECTED = /Registered tunnel connection|Connection [0-9a-f-]+ registered/i;
const INSTALL_HINT = 'install it (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) or set its path in the tunnel settings';

class CloudflaredTunnel extends ExternalTunnel {
  constructor(
    url: string,
    private readonly child: ChildProcess,
  ) {
    super(url);
    child.once('exit', (code, signal) => this.emit('error', new Error(`cloudflared exited (${signal ?? `code ${code}`})`)));
  }

  async close(): Promise<void> {
    this.child.removeAllListeners('exit');
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    // cloudflared drains its connections on SIGTERM for up to its grace period; do not wait that long.
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The arguments for a quick tunnel (random trycloudflare.com URL) or a named tunnel from the user's config. */
export function cloudflaredArgs(settings: TunnelSettings, ingress: Ingress): string[] {
  const origin = `http://${ingress.host.includes(':') ? `[${ingress.host}]` : ingress.host}:${ingress.port}`;
  return settings.tunnelName
    ? ['tunnel', '--no-autoupdate', 'run', '--url', origin, settings.tunnelName]
    : ['tunnel', '--no-autoupdate', '--url', origin];
}

/**
 * Runs `cloudflared` and resolves once it has a public URL and an edge connection. A quick tunnel
 * prints its URL; a named tunnel's URL is the hostname the user routed to it (`domain`), which
 * cloudflared never prints.
 */
export async function openCloudflared(settings: TunnelSettings, ingress: Ingress, timeoutMs: number, signal: AbortSignal): Promise<ExternalTunnel> {
  try {
    return await startCloudflared(settings, ingress, timeoutMs, signal);
  } catch (err) {
    // cloudflared reports a failed lookup as a failed connection; after a failure that may pass, say which.
    if (err instanceof ProviderError && err.retryable && !settings.tunnelName) await checkResolves(QUICK_TUNNEL_SERVER, 'cloudflared');
    throw err;
  }
}

function startCloudflared(settings: TunnelSettings, ingress: Ingress, timeoutMs: number, signal: AbortSignal): Promise<ExternalTunnel> {
  const binary = settings.binary ?? 'cloudflared';
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(binary, cloudflaredArgs(settings, ingress), { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(new ProviderError(`Could not start cloudflared (${binary}): ${(err as Error).message}.`, false));
      return;
    }
    let log = '';
    let url: string | null = settings.tunnelName ? `https://${settings.domain}` : null;
    let connected = false;
    const done = (err: Error | null) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      child.stdout!.removeAllListeners('data');
      child.stderr!.removeAllListeners('data');
      child.removeAllListeners('error');
      child.removeAllListeners('exit');
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(new CloudflaredTunnel(url!, child));
    };
    const onOutput = (d: Buffer) => {
      log = (log + d.toString()).slice(-8_000);
      url ??= QUICK_TUNNEL_URL.exec(log)?.[0] ?? null;
      connected ||= CONNECTED.test(log);
      if (url && connected) done(null);
    };
    const onAbort = () => done(new ProviderError('Stopped.', false));
    const timer = setTimeout(
      () => done(looksLikeDns(log) ? dnsFailure('cloudflared') : new ProviderError(`cloudflared gave no tunnel within ${Math.round(timeoutMs / 1000)} s${lastLine(log)}.`, true)),
      timeoutMs,
    );
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') done(new ProviderError(`cloudflared was not found (looked for "${binary}"${settings.binary ? '' : ' on PATH'}): ${INSTALL_HINT}.`, false));
      else if (err.code === 'EACCES') done(new ProviderError(`cloudflared at "${binary}" is not executable (chmod +x it).`, false));
      else done(new ProviderError(`Could not start cloudflared (${binary}): ${err.message}.`, false));
    });
    child.on('exit', (code) => {
      if (looksLikeDns(log)) return done(dnsFailure('cloudflared'));
      // A named tunnel that is not in the config, or missing credentials, will not start however often we try.
      const configProblem = /credentials|cert\.pem|not found|no such file|Cannot determine default origin certificate/i.test(log);
      done(new ProviderError(`cloudflared exited (code ${code}) before the tunnel was up${lastLine(log)}.`, !configProblem));
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
}

/** cloudflared's last log line, without its timestamp and level, to quote in a reason. */
function lastLine(log: string): string {
  const line = log.trim().split('\n').at(-1)?.replace(/^\S+\s+(INF|ERR|WRN|DBG)\s+/, '').trim();
  return line ? `: ${line.slice(0, 200)}` : '';
}
