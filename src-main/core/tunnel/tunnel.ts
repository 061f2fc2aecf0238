import dns from 'node:dns/promises';
import net from 'node:net';
import type { TunnelSettings, TunnelStatus } from '../../contract/tunnel';
import type { Receiver } from '../capture/receiver';
import { retryDelay } from './backoff';
import { HealthWatch } from './health-watch';
import { LocaltunnelClient } from './localtunnel-client';
import { displayHost, ProviderError, providerOf, redactHost, type ExternalProvider, type ExternalTunnel, type Ingress } from './provider';
import { openExternal } from './providers';
import { newProbeToken, probeIntercept, probePublicUrl } from './probe';
import { register, RegistrationError, type Registration } from './registration';
import { initialStatus, nextStatus, type TunnelEvent } from './status';
import { DEFAULT_TUNNEL_TIMING, type TunnelTiming } from './timing';

export const DEFAULT_TUNNEL_HOST = 'https://localtunnel.me';

/**
 * After a drop or a quick relaunch, the server may still hold our subdomain for the old
 * connection (it frees it a moment after noticing the sockets are gone: 1 s for the reference
 * server). Asking again a few times (1 + 2 + 4 s with default timing) beats accepting a new URL.
 */
const MAX_ASKS_FOR_OUR_OWN_SUBDOMAIN = 3;

export type UrlHistory = TunnelStatus['history'];

export interface TunnelOptions {
  receiver: Pick<Receiver, 'listen' | 'closeListener'>;
  /** Every status change (UI events, `publicBaseUrl`). */
  onStatus?: (status: TunnelStatus) => void;
  /** Where the URL history survives restarts, so a changed URL at launch is flagged too. */
  history?: { load(): UrlHistory; save(history: UrlHistory): void };
  timing?: Partial<TunnelTiming>;
  random?: () => number;
  now?: () => number;
  networkFingerprint?: () => string;
}

/** A failure of one connection attempt; `retryable: false` ends in `error`. */
class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * The public URL through localtunnel. It exposes only a dedicated receiver listener (requests
 * through it are stored `via: 'tunnel'`), goes `online` only after a request through the public
 * URL reached that listener, watches that it stays so, and reconnects with backoff asking for the
 * same subdomain. Every async step checks `session` so a stop or restart wins over stale work.
 */
export class Tunnel {
  private current: TunnelStatus;
  private readonly timing: TunnelTiming;
  private readonly now: () => number;
  private settings: TunnelSettings | null = null;
  private session = 0;
  private client: LocaltunnelClient | null = null;
  /** The ngrok or cloudflared tunnel while one is open (those run their own transport). */
  private external: ExternalTunnel | null = null;
  private watch: HealthWatch | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private ingress: Promise<number> | null = null;
  private probeToken: string | null = null;
  private attempt = 0;
  private asksForOurOwn = 0;
  /** Subdomain granted last in this session; asked for again when the user named none. */
  private lastGranted: string | null = null;
  /** `host subdomain` pairs this process has held, to tell our own ghost from someone else. */
  private readonly held = new Set<string>();
  private waiters: ((status: TunnelStatus) => void)[] = [];
  /** The connection attempt in flight, so stop can wait until it has noticed it is stale. */
  private attemptInFlight: Promise<void> | null = null;
  /** Aborts the session's in-flight requests (registration, probes) when it ends. */
  private requests = new AbortController();

  constructor(private readonly options: TunnelOptions) {
    this.timing = { ...DEFAULT_TUNNEL_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
    this.current = initialStatus(DEFAULT_TUNNEL_HOST, options.history?.load() ?? []);
  }

  get status(): TunnelStatus {
    return this.current;
  }

  /**
   * Opens (or reopens with new settings) the tunnel; `enabled: false` stops it. Resolves at the
   * first outcome: `online`, `error`, or `reconnecting` after a failed first attempt (it keeps
   * trying in the background). Never rejects: failures are in the status.
   */
  async start(settings: TunnelSettings): Promise<TunnelStatus> {
    if (!settings.enabled) return this.stop();
    const { session, closing } = this.newSession();
    this.settings = settings;
    this.attempt = 0;
    this.asksForOurOwn = 0;
    this.lastGranted = null;
    this.probeToken = newProbeToken();
    const settled = new Promise<TunnelStatus>((resolve) => this.waiters.push(resolve));
    // Synchronously, so a caller that doesn't wait (the API) already sees `connecting`.
    this.apply({ type: 'started', provider: providerOf(settings), host: displayHost(settings, DEFAULT_TUNNEL_HOST), requestedSubdomain: settings.subdomain ?? null });
    await closing;
    if (session === this.session) this.runAttempt(session);
    return settled;
  }

  /** Closes every socket of the tunnel and its ingress listener; status becomes `off`. */
  async stop(): Promise<TunnelStatus> {
    await this.newSession().closing;
    await this.attemptInFlight;
    this.settings = null;
    this.probeToken = null;
    const ingress = this.ingress;
    this.ingress = null;
    if (ingress) await ingress.then((port) => this.options.receiver.closeListener(port), () => undefined);
    this.apply({ type: 'stopped' });
    return this.current;
  }

  /** The access tokens of the current setting, for the log's redactor. */
  secretValues(): string[] {
    return [this.settings?.token, this.settings?.authtoken].filter((s): s is string => s !== undefined);
  }

  /** Probes through the public URL now (the UI's "check" button; tests). */
  async checkNow(): Promise<void> {
    await this.watch?.probe(1, 'on request');
  }

  private get host(): string {
    return this.settings?.host ?? DEFAULT_TUNNEL_HOST;
  }

  /** Invalidates in-flight work and closes the client (the ingress stays for a restart). */
  private newSession(): { session: number; closing: Promise<void> } {
    const session = ++this.session;
    this.requests.abort();
    this.requests = new AbortController();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    return { session, closing: this.closeClient() };
  }

  private async closeClient(): Promise<void> {
    this.watch?.stop();
    this.watch = null;
    const client = this.client;
    this.client = null;
    const external = this.external;
    this.external = null;
    await Promise.all([client?.shutdown(), external?.close()]);
  }

  private apply(event: TunnelEvent): void {
    const next = nextStatus(this.current, event);
    if (next === this.current) return;
    const historyChanged = next.history !== this.current.history;
    this.current = next;
    if (historyChanged) this.options.history?.save(next.history);
    this.options.onStatus?.(next);
    if (next.state !== 'connecting') {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w(next);
    }
  }

  private runAttempt(session: number): void {
    const attempt = this.connect(session).finally(() => {
      if (this.attemptInFlight === attempt) this.attemptInFlight = null;
    });
    this.attemptInFlight = attempt;
  }

  private async connect(session: number): Promise<void> {
    const settings = this.settings!;
    const signal = this.requests.signal;
    try {
      const port = await this.openIngress();
      const provider = providerOf(settings);
      if (provider === 'ngrok' || provider === 'cloudflared') {
        await this.connectExternal(session, provider, { host: await loopbackAddressOfLocalhost(), port });
        return;
      }
      const ask = settings.subdomain ?? this.lastGranted;
      const grant = await register(this.host, ask, this.timing.registerTimeoutMs, signal, settings.token).catch((err: unknown) => {
        if (!(err instanceof RegistrationError)) throw err;
        // `hookbay tunnel-server` says 409 for a name in use instead of handing out another; when
        // the holder is our own previous connection (the server has not noticed it died), wait.
        if (err.status === 409 && ask !== null && this.isOurs(ask) && this.asksForOurOwn < MAX_ASKS_FOR_OUR_OWN_SUBDOMAIN) {
          this.asksForOurOwn += 1;
          throw new AttemptFailed(`${err.message} It is likely this tunnel's previous connection; asking again.`, true);
        }
        throw new AttemptFailed(err.message, err.retryable);
      });
      if (session !== this.session) return; // the server drops an unused grant by itself
      this.checkGrant(ask, grant, settings);
      const client = new LocaltunnelClient(grant, this.host, port);
      // Upstream re-emits socket errors; an emitter error without a listener would crash the app.
      client.on('error', () => {});
      this.client = client;
      await client.start();
      await firstSocket(client, this.timing.socketOpenTimeoutMs, signal);
      if (session !== this.session) return;
      const failure = await probePublicUrl(grant.url, this.probeToken!, this.timing.probeTimeoutMs, signal);
      if (session !== this.session) return;
      if (failure) throw new AttemptFailed(`The tunnel opened but does not work: ${failure}`, true);
      this.online(session, client, grant);
    } catch (err) {
      if (session !== this.session) return;
      await this.closeClient();
      if (session !== this.session) return;
      const reason = err instanceof Error ? err.message : String(err);
      if ((err instanceof AttemptFailed || err instanceof ProviderError) && !err.retryable) {
        await this.failForGood(reason);
      } else this.retryLater(session, reason);
    }
  }

  /** ngrok or cloudflared: the provider opens the URL, the probe proves it, the watch keeps proving it. */
  private async connectExternal(session: number, provider: ExternalProvider, ingress: Ingress): Promise<void> {
    const signal = this.requests.signal;
    const external = await openExternal(provider, this.settings!, ingress, this.timing.registerTimeoutMs, signal);
    if (session !== this.session) return void (await external.close());
    external.on('error', () => {});
    this.external = external;
    const failure = await probePublicUrl(external.url, this.probeToken!, this.timing.probeTimeoutMs, signal);
    if (session !== this.session) return;
    if (failure) throw new AttemptFailed(`The ${provider} tunnel opened but does not work: ${failure}`, true);
    this.attempt = 0;
    this.apply({ type: 'granted', url: external.url, grantedSubdomain: new URL(external.url).hostname.split('.')[0]!, at: this.now() });
    this.watch = new HealthWatch(external, this.timing, {
      probe: () => probePublicUrl(external.url, this.probeToken!, this.timing.probeTimeoutMs, this.requests.signal),
      onProbed: (at) => this.apply({ type: 'probed', at }),
      onDown: (reason) => void this.dropped(session, reason),
      now: this.now,
      networkFingerprint: this.options.networkFingerprint,
    });
  }

  /** A different subdomain than asked: our own stale grant (ask again), an error, or accepted. */
  private checkGrant(ask: string | null, grant: Registration, settings: TunnelSettings): void {
    if (ask === null || grant.id === ask) return;
    const required = settings.subdomain !== undefined && settings.requireSubdomain === true;
    const ours = this.isOurs(ask);
    if (ours && this.asksForOurOwn < MAX_ASKS_FOR_OUR_OWN_SUBDOMAIN) {
      this.asksForOurOwn += 1;
      throw new AttemptFailed(
        `The server still holds "${ask}" for this tunnel's previous connection; asking for it again.`,
        true,
      );
    }
    if (required) {
      throw new AttemptFailed(
        `The subdomain "${ask}" is taken on ${redactHost(this.host)} (the server offered "${grant.id}" instead). ` +
          'Choose another subdomain, or allow a different one.',
        false,
      );
    }
  }

  /** Ours if this process held it, or a previous launch did (a quick relaunch finds it still held). */
  private isOurs(subdomain: string): boolean {
    return this.held.has(`${this.host} ${subdomain}`) || this.current.history.some((h) => subdomainOf(h.url) === subdomain);
  }

  private online(session: number, client: LocaltunnelClient, grant: Registration): void {
    this.held.add(`${this.host} ${grant.id}`);
    this.lastGranted = grant.id;
    this.attempt = 0;
    this.asksForOurOwn = 0;
    this.apply({ type: 'granted', url: grant.url, grantedSubdomain: grant.id, at: this.now() });
    this.watch = new HealthWatch(client, this.timing, {
      probe: () => probePublicUrl(grant.url, this.probeToken!, this.timing.probeTimeoutMs, this.requests.signal),
      onProbed: (at) => this.apply({ type: 'probed', at }),
      onDown: (reason) => void this.dropped(session, reason),
      now: this.now,
      networkFingerprint: this.options.networkFingerprint,
    });
  }

  private async dropped(session: number, reason: string): Promise<void> {
    if (session !== this.session) return;
    // Say so first: a tunnel known to be down must not read `online` while its sockets close.
    const closing = this.closeClient();
    this.retryLater(session, reason);
    await closing;
  }

  private retryLater(session: number, reason: string): void {
    this.attempt += 1;
    const delay = retryDelay(this.attempt, this.timing, this.options.random);
    this.apply({ type: 'retrying', reason, attempt: this.attempt, nextRetryAt: this.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (session === this.session) this.runAttempt(session);
    }, delay);
    this.retryTimer.unref();
  }

  /** Ends in `error`: nothing should arrive through a tunnel that is not there, so close the ingress. */
  private async failForGood(reason: string): Promise<void> {
    const ingress = this.ingress;
    this.ingress = null;
    if (ingress) await ingress.then((port) => this.options.receiver.closeListener(port), () => undefined);
    this.apply({ type: 'failed', reason });
  }

  private openIngress(): Promise<number> {
    if (this.ingress) return this.ingress;
    const ingress = loopbackAddressOfLocalhost().then((address) =>
      this.options.receiver.listen(0, address, 'tunnel', probeIntercept(() => this.probeToken)),
    );
    // A failed listen must not stick: the next attempt tries again.
    ingress.catch(() => {
      if (this.ingress === ingress) this.ingress = null;
    });
    this.ingress = ingress;
    return ingress;
  }
}

/**
 * The client connects to `localhost` (see LocaltunnelClient on why not another host), so the
 * ingress listens where that resolves — after checking it is loopback, as the ingress must
 * never be reachable from the network.
 */
async function loopbackAddressOfLocalhost(): Promise<string> {
  const { address } = await dns.lookup('localhost');
  const loopback = net.isIPv4(address) ? address.startsWith('127.') : address === '::1';
  if (!loopback) {
    throw new AttemptFailed(`"localhost" resolves to ${address}, not to a loopback address; fix the hosts file.`, false);
  }
  return address;
}

function subdomainOf(url: string): string | null {
  try {
    return new URL(url).hostname.split('.')[0] ?? null;
  } catch {
    return null;
  }
}

/** Resolves once the client has a socket to the server; rejects on refusal, timeout or abort. */
function firstSocket(client: LocaltunnelClient, timeoutMs: number, signal: AbortSignal): Promise<void> {
  if (client.sockets.size > 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      client.off('sockets', onSockets);
      client.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => done(new AttemptFailed('Stopped.', false));
    const onSockets = (n: number) => n > 0 && done();
    const onError = (err: Error) => done(new AttemptFailed(`The tunnel server refused the tunnel connection: ${err.message}.`, true));
    const timer = setTimeout(
      () => done(new AttemptFailed(`No tunnel connection to the server within ${Math.round(timeoutMs / 1000)} s.`, true)),
      timeoutMs,
    );
    client.on('sockets', onSockets);
    client.on('error', onError);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
}
