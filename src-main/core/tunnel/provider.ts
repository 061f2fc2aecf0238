import dns from 'node:dns/promises';
import { EventEmitter } from 'node:events';
import type { TunnelProvider, TunnelSettings } from '../../contract/tunnel';

/**
 * A failure to open a tunnel, in words that name the fix. `retryable: false` ends in `error`
 * (asking again cannot help: no authtoken, no binary); true goes to `reconnecting`.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** Said the same for every provider, so the user learns one sentence. */
export function dnsFailure(what: string): ProviderError {
  return new ProviderError(`Could not resolve the tunnel server${what ? ` (${what})` : ''} (offline or DNS).`, true);
}

/**
 * Resolves the provider's server name first: the SDK and the binary report a failed lookup as
 * a generic connection failure, and "offline or DNS" is the answer that names the fix.
 */
export async function checkResolves(hostname: string, what: string): Promise<void> {
  try {
    await dns.lookup(hostname);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw dnsFailure(`${what}: ${hostname}`);
  }
}

/** Error codes and texts that mean "the name did not resolve", from Node, Go (cloudflared) and Rust (ngrok). */
export function looksLikeDns(text: string): boolean {
  return /ENOTFOUND|EAI_AGAIN|no such host|failed to lookup|dns error|Temporary failure in name resolution|Name or service not known|lookup .* on .*:53/i.test(text);
}

/**
 * A public URL from a provider that runs its own transport (ngrok's SDK, the cloudflared
 * binary): Hookbay sees no sockets, only the URL, and an `error` event when it is gone.
 * `sockets.size` stays 1 while open, so the health watch relies on its probe for these.
 */
export abstract class ExternalTunnel extends EventEmitter {
  readonly sockets = { size: 1 };

  constructor(readonly url: string) {
    super();
  }

  abstract close(): Promise<void>;
}

/** Where the ingress listens, for a provider to forward to. */
export interface Ingress {
  host: string;
  port: number;
}

export type ExternalProvider = Exclude<TunnelProvider, 'localtunnel' | 'hookbay'>;

export function providerOf(settings: TunnelSettings): TunnelProvider {
  return settings.provider ?? 'localtunnel';
}

/** What the status shows as `host`: never a token, even one written into the URL's path. */
export function displayHost(settings: TunnelSettings, defaultHost: string): string {
  switch (providerOf(settings)) {
    case 'localtunnel':
    case 'hookbay':
      return redactHost(settings.host ?? defaultHost);
    case 'ngrok':
      return settings.domain ? `ngrok (${settings.domain})` : 'ngrok';
    case 'cloudflared':
      return settings.tunnelName ? `cloudflared (${settings.tunnelName})` : 'cloudflared (quick tunnel)';
  }
}

/** `https://t.example.com/t/<token>` → `https://t.example.com/t/redacted`; userinfo dropped too. */
export function redactHost(host: string): string {
  try {
    const url = new URL(host);
    url.username = '';
    url.password = '';
    url.pathname = url.pathname.replace(/\/t\/[^/]+/, '/t/redacted');
    return url.toString().replace(/\/$/, '');
  } catch {
    return host;
  }
}
