import type { TunnelSettings } from '../../../contract/tunnel';
import { checkResolves, dnsFailure, ExternalTunnel, looksLikeDns, ProviderError, type Ingress } from '../provider';

/** Where the SDK connects (its default `server_addr`). */
export const NGROK_SERVER = 'connect.ngrok-agent.com';

/** The part of `@ngrok/ngrok` used here (its own types are richer). */
interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}
interface NgrokSdk {
  forward(config: Record<string, unknown>): Promise<NgrokListener>;
}

const AUTHTOKEN_HINT = 'set NGROK_AUTHTOKEN or enter it in the tunnel settings (https://dashboard.ngrok.com/get-started/your-authtoken)';
/** ngrok may keep retrying an unreachable edge; a try gives up after this long. */
const CONNECT_TIMEOUT_MS = 20_000;

class NgrokTunnel extends ExternalTunnel {
  constructor(
    url: string,
    private readonly listener: NgrokListener,
  ) {
    super(url);
  }

  async close(): Promise<void> {
    await this.listener.close().catch(() => undefined);
  }
}

/**
 * The SDK's package name, in a variable so no bundler follows it: it is a native library (the
 * test helpers bundle the core with esbuild, which cannot load `.node` files), and it is loaded
 * only when this provider is chosen.
 */
const NGROK_MODULE: string = '@ngrok/ngrok';

/** Loads the SDK on first use. */
export async function loadNgrokSdk(): Promise<NgrokSdk> {
  try {
    return (await import(NGROK_MODULE)) as NgrokSdk;
  } catch (err) {
    throw new ProviderError(`The ngrok SDK (@ngrok/ngrok) could not be loaded on ${process.platform}-${process.arch}: ${(err as Error).message.split('\n')[0]}.`, false);
  }
}

/** The authtoken from the settings, else NGROK_AUTHTOKEN; a missing one is an error that says where to put it. */
export function ngrokAuthtoken(settings: TunnelSettings, env: NodeJS.ProcessEnv = process.env): string {
  const token = settings.authtoken ?? env.NGROK_AUTHTOKEN?.trim();
  if (!token) throw new ProviderError(`ngrok needs an authtoken: ${AUTHTOKEN_HINT}.`, false);
  return token;
}

/** Words for an SDK failure: authtoken problems and DNS get their fix; the rest is quoted. */
export function describeNgrokError(err: unknown): ProviderError {
  const e = err as { message?: string; errorCode?: string };
  const message = (e.message ?? String(err)).split('\n')[0]!;
  const code = e.errorCode ?? /ERR_NGROK_\d+/.exec(message)?.[0];
  // 105: invalid authtoken; 107/4018: authtoken missing or not for an account; 8012-ish: upstream.
  if (code === 'ERR_NGROK_105' || code === 'ERR_NGROK_107' || code === 'ERR_NGROK_4018' || /authtoken|authentication failed/i.test(message)) {
    return new ProviderError(`ngrok refused the authtoken (${code ?? 'authentication failed'}): ${AUTHTOKEN_HINT}.`, false);
  }
  if (code === 'ERR_NGROK_320' || code === 'ERR_NGROK_319' || /domain .*(reserved|not found|another account)/i.test(message)) {
    return new ProviderError(`ngrok refused the domain (${code ?? 'domain'}): reserve it in the ngrok dashboard for this authtoken's account, or leave the domain empty.`, false);
  }
  if (looksLikeDns(message)) return dnsFailure('ngrok');
  return new ProviderError(`ngrok could not open the tunnel: ${message.slice(0, 300)}${code ? ` (${code})` : ''}.`, true);
}

export async function openNgrok(settings: TunnelSettings, ingress: Ingress, signal: AbortSignal): Promise<ExternalTunnel> {
  const authtoken = ngrokAuthtoken(settings);
  const sdk = await loadNgrokSdk();
  await checkResolves(NGROK_SERVER, 'ngrok');
  const addr = `${ingress.host.includes(':') ? `[${ingress.host}]` : ingress.host}:${ingress.port}`;
  const forwarding = sdk.forward({ addr, authtoken, ...(settings.domain ? { domain: settings.domain } : {}) });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderError(`ngrok did not open a tunnel within ${CONNECT_TIMEOUT_MS / 1000} s (offline, or its edge is unreachable).`, true)), CONNECT_TIMEOUT_MS);
    onAbort = () => reject(new ProviderError('Stopped.', false));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
  try {
    const listener = await Promise.race([forwarding.catch((err: unknown) => Promise.reject(describeNgrokError(err))), gaveUp]);
    const url = listener.url();
    if (!url) {
      await listener.close().catch(() => undefined);
      throw new ProviderError('ngrok opened a listener without a URL.', true);
    }
    return new NgrokTunnel(url, listener);
  } catch (err) {
    // A listener that arrives after we gave up must not stay open.
    void forwarding.then((l) => l.close(), () => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
