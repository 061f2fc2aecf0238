import fs from 'node:fs';
import path from 'node:path';
import { TunnelSettings } from '../contract/tunnel';
import { CaptureWriter } from './capture/capture-writer';
import { DEFAULT_LIMITS } from './capture/limits';
import { Receiver } from './capture/receiver';
import { DEFAULT_BATCH_SIZE, SearchIndex } from './capture/search-index';
import { HookbayConfig, type HookbayConfigInput } from './config';
import { EventBus } from './events';
import { stderrLogger, type Logger } from './log/logger';
import { Relay, type ForwardContext } from './relay/relay';
import { captureVerdictHook } from './signatures/capture-verdict';
import { reverifyEndpoint } from './signatures/reverify';
import { openDatabase, type Db } from './store/database';
import { EndpointStore, plaintextSecrets, type SecretCodec } from './store/endpoint-store';
import { RequestStore } from './store/request-store';
import { Retention } from './store/retention';
import { storedSummary as summaryOf } from './store/rows';
import { SettingsStore } from './store/settings-store';
import { Tunnel, type TunnelTiming } from './tunnel';
import { TUNNEL_HISTORY_KEY, TUNNEL_SETTINGS_KEY } from './tunnel/settings';

export interface StartOptions {
  secrets?: SecretCodec;
  mode?: 'desktop' | 'headless';
  /** Shorter tunnel delays (tests). */
  tunnelTiming?: Partial<TunnelTiming>;
  /** Reopen the tunnel at start when the saved setting says so; default true. */
  restoreTunnel?: boolean;
  /** Where the core logs (the shells pass their log file); stderr when absent. */
  logger?: Logger;
  /**
   * Resume the relay's outbox at start; default true. One-shot CLI commands that only read
   * (`hookbay requests`, `export`) pass false, so they never send or mark anything in flight.
   */
  resumeRelay?: boolean;
}


/**
 * The composed core: storage, capture and everything built on them. The headless server
 * and the Electron shell both start one of these and serve the contract from it
 * (`createHandlers`, which sees it only through the narrow `CoreContext`). Its parts are
 * public for tests and the composition; what may change after start is private.
 */
export class Hookbay {
  readonly events = new EventBus();
  readonly endpoints: EndpointStore;
  readonly requests: RequestStore;
  readonly settings: SettingsStore;
  readonly search: SearchIndex;
  readonly writer: CaptureWriter<ForwardContext>;
  readonly receiver: Receiver;
  readonly tunnel: Tunnel;
  readonly relay: Relay;
  readonly mode: 'desktop' | 'headless';
  readonly secretStorage: string;
  /** Log through this (or a `child` of it) from anywhere in the core; see docs/architecture.md. */
  readonly log: Logger;
  private port = 0;
  private readonly retention: Retention;
  private retentionTimer: NodeJS.Timeout | null = null;
  /**
   * Public base URL (the tunnel's, while online), used for endpoints' public URLs and
   * URL-bound signatures. Set from the tunnel's status; tests set it to stand in for one.
   */
  publicBaseUrl: string | null = null;

  private constructor(
    readonly config: HookbayConfig,
    readonly db: Db,
    options: StartOptions,
  ) {
    this.mode = options.mode ?? 'headless';
    this.log = options.logger ?? stderrLogger;
    const secrets = options.secrets ?? plaintextSecrets;
    this.secretStorage = secrets.description;
    this.endpoints = new EndpointStore(db, secrets);
    this.requests = new RequestStore(db);
    this.settings = new SettingsStore(db);
    this.search = new SearchIndex(db, DEFAULT_BATCH_SIZE, {
      onDerived: (ids) => ids.forEach((id) => this.announceUpdate(id)),
      onError: (err) => this.log.error('search indexing paused', { err }),
    });
    this.retention = new Retention(db, {
      maxRows: config.retention.maxRows,
      maxAgeMs: config.retention.maxAgeDays === null ? null : config.retention.maxAgeDays * 86_400_000,
    });
    this.writer = new CaptureWriter(db, this.requests);
    this.writer.use(captureVerdictHook(this));
    this.writer.use({
      committed: (stored) => {
        this.search.noteCaptured(stored.length);
        if (this.events.size === 0) return;
        for (const s of stored) {
          const slug = this.endpoints.byIdOrSlug(s.endpointId)?.slug ?? '';
          this.events.emit({ type: 'request.captured', request: summaryOf(s, slug) });
        }
      },
    });
    this.relay = new Relay(db, this.requests, this.endpoints, {
      onDeliveryChanged: (deliveryId) => {
        if (this.events.size === 0) return;
        const delivery = this.relay.delivery(deliveryId);
        if (delivery) this.events.emit({ type: 'delivery.updated', delivery });
      },
      onRequestStateChanged: (requestId) => {
        if (this.events.size > 0) this.announceUpdate(requestId);
      },
      onError: (err) => this.storageFailed(err),
    });
    this.writer.use(this.relay.captureHook);
    this.receiver = new Receiver(
      this.endpoints,
      this.writer,
      {
        ...DEFAULT_LIMITS,
        bodyLimit: config.bodyLimitBytes,
        headersTimeoutMs: config.headersTimeoutMs,
        requestTimeoutMs: config.requestTimeoutMs,
      },
      { responder: this.relay.responder, onStorageError: (err) => this.storageFailed(err) },
    );
    this.tunnel = new Tunnel({
      receiver: this.receiver,
      timing: options.tunnelTiming,
      history: {
        load: () => this.settings.get(TUNNEL_HISTORY_KEY) ?? [],
        save: (history) => this.settings.set(TUNNEL_HISTORY_KEY, history),
      },
      onStatus: (status) => {
        this.publicBaseUrl = status.state === 'online' ? status.url : null;
        this.events.emit({ type: 'tunnel.status', status });
      },
    });
  }

  /**
   * Where the receiver and the relay report storage failures (disk full, read-only, I/O
   * error). The sender already got its 503 and the relay's outcomes stay in flight to be
   * resent; nothing else is told yet. This is the one place to raise that (an event, a
   * health state).
   */
  private storageFailed(_err: Error): void {}

  static async start(input: HookbayConfigInput, options: StartOptions = {}): Promise<Hookbay> {
    const config = HookbayConfig.parse(input);
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const dbFile = path.join(config.dataDir, 'hookbay.db');
    const db = openDatabase(dbFile, { durability: config.durability, nativeBinding: config.nativeBinding });
    try {
      fs.chmodSync(dbFile, 0o600);
    } catch {
      /* not fatal: some filesystems have no modes */
    }
    const app = new Hookbay(config, db, options);
    try {
      app.port = await app.receiver.listen(config.receiverPort, config.receiverHost, 'direct');
    } catch (err) {
      db.close();
      throw err;
    }
    if (options.resumeRelay !== false) app.relay.start();
    app.retention.prune();
    app.retentionTimer = setInterval(() => {
      // Deleting needs a little disk too; a full disk must not crash the process from a timer.
      try {
        app.pruneNow();
      } catch (err) {
        app.log.error('retention skipped', { err });
      }
    }, 60_000).unref();
    app.search.schedule(0);
    const savedTunnel = TunnelSettings.safeParse(app.settings.get(TUNNEL_SETTINGS_KEY));
    if (options.restoreTunnel !== false && savedTunnel.success && savedTunnel.data.enabled) {
      // Not awaited: start-up does not wait for the network. start() never rejects; its
      // outcome is the tunnel's status (and a `tunnel.status` event).
      void app.tunnel.start(savedTunnel.data);
    }
    return app;
  }

  get receiverPort(): number {
    return this.port;
  }

  get receiverUrl(): string {
    const host = this.config.receiverHost === '0.0.0.0' || this.config.receiverHost === '::' ? '127.0.0.1' : this.config.receiverHost;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.receiverPort}`;
  }

  pruneNow(): number {
    const n = this.retention.prune();
    if (n > 0) this.events.emit({ type: 'requests.deleted' });
    return n;
  }

  /**
   * Recomputes the stored verdicts of an endpoint whose `verify` changed, in the
   * background; a newer change supersedes a run in progress.
   */
  reverify(endpointId: string): Promise<number> {
    return reverifyEndpoint(this, endpointId);
  }

  /** Every signing secret the endpoints hold, so the log can redact them wherever they appear. */
  *secretValues(): Iterable<string> {
    for (const ep of this.endpoints.all()) yield* ep.verify?.secrets ?? [];
  }

  /** Re-reads a stored request's summary and tells the UI it changed. */
  announceUpdate(id: number): void {
    const summary = this.requests.summary(id);
    if (summary) this.events.emit({ type: 'request.updated', request: summary });
  }

  async close(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.tunnel.stop();
    await this.receiver.close();
    // Stop dispatching first: deliveries of the last captures stay queued in SQLite for the
    // next start instead of being started and aborted at once.
    this.relay.close();
    this.writer.flush();
    this.search.close();
    this.db.close();
  }
}

