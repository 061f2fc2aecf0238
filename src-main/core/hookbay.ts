import fs from 'node:fs';
import path from 'node:path';
import { TunnelSettings } from '../contract/tunnel';
import { CaptureWriter } from './capture/capture-writer';
import { DEFAULT_LIMITS } from './capture/limits';
import { Receiver } from './capture/receiver';
import { DEFAULT_BATCH_SIZE, SearchIndex } from './capture/search-index';
import { HookbayConfig, type HookbayConfigInput } from './config';
import { ManagedEndpoints } from './endpoints/managed';
import { EventBus } from './events';
import { stderrLogger, type Logger } from './log/logger';
import { isOwnReceiver } from './relay/loop-guard';
import { Relay, type ForwardContext } from './relay/relay';
import { captureVerdictHook } from './signatures/capture-verdict';
import { reverifyEndpoint } from './signatures/reverify';
import { Problems } from './problems';
import { WalCheckpointer } from './store/wal-checkpointer';
import { DataDirOwnership } from './store/data-dir-owner';
import { openDatabase, type Db } from './store/database';
import { octal, tightenDir } from './store/private-files';
import { sweepStaleSideFiles } from './store/stale-side-files';
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
   * Safe mode (`hookbay serve --safe`): the relay starts paused and the saved tunnel is not
   * reopened, so a start after a crash sends nothing until the user resumes.
   */
  safe?: boolean;
  /**
   * Resume the relay's outbox at start; default true, which needs the data directory to
   * itself: the start takes it (`DataDirOwnership`) or fails with `DataDirOwned` naming the
   * Hookbay that has it. One-shot CLI commands that only read (`hookbay requests`, `export`)
   * pass false: they open the data beside its owner, if any, never start the relay (so never
   * send nor mark a delivery in flight or interrupted) and never reopen the saved tunnel.
   */
  resumeRelay?: boolean;
  /** How a Hookbay refused this data directory names this one; default by `mode`. */
  command?: string;
  /**
   * The data directory, already taken by the caller (`hookbay serve` takes it before it opens
   * its log there). It becomes the core's: released on close, or when the start fails.
   */
  ownership?: DataDirOwnership;
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
  private readonly secrets: SecretCodec;
  /** Log through this (or a `child` of it) from anywhere in the core; see docs/architecture.md. */
  readonly log: Logger;
  /** Background failures as outcomes: log line, `problem` event, health (see "Error model"). */
  readonly problems: Problems;
  /** Endpoints a config file applied by this process manages (set by `serve`/`listen`). */
  readonly managed = new ManagedEndpoints();
  private port = 0;
  private readonly retention: Retention;
  private retentionTimer: NodeJS.Timeout | null = null;
  /** WAL checkpoints off the event loop (null for `:memory:`). */
  checkpoints: WalCheckpointer | null = null;
  /** The data directory held for this process (null: opened beside its owner, relay not started). */
  ownership: DataDirOwnership | null = null;
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
    this.problems = new Problems(this.events, this.log, () => this.relay.paused);
    const secrets = options.secrets ?? plaintextSecrets;
    this.secretStorage = secrets.description;
    this.secrets = secrets;
    this.endpoints = new EndpointStore(db, secrets);
    this.requests = new RequestStore(db);
    this.settings = new SettingsStore(db);
    this.search = new SearchIndex(db, DEFAULT_BATCH_SIZE, {
      onDerived: (ids) => ids.forEach((id) => this.announceUpdate(id)),
      onError: (err) => this.problems.background('search indexing (paused, retried later)', err),
    });
    this.retention = new Retention(db, {
      maxRows: config.retention.maxRows,
      maxAgeMs: config.retention.maxAgeDays === null ? null : config.retention.maxAgeDays * 86_400_000,
    });
    this.writer = new CaptureWriter(
      db,
      this.requests,
      (e) => this.endpoints.byIdOrSlug(e.id) ?? this.endpoints.defaultEndpoint,
      (err) => this.problems.background('a capture step', err),
    );
    this.writer.use(captureVerdictHook(this));
    this.writer.use({
      committed: (stored) => {
        this.problems.storageOk();
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
        // Called after the relay's writes committed: storage works.
        this.problems.storageOk();
        if (this.events.size === 0) return;
        const delivery = this.relay.delivery(deliveryId);
        if (delivery) this.events.emit({ type: 'delivery.updated', delivery });
      },
      onRequestStateChanged: (requestId) => {
        if (this.events.size > 0) this.announceUpdate(requestId);
      },
      onError: (err) => this.storageFailed(err),
      onParked: (ids) =>
        this.problems.notice(
          `${ids.length} ${ids.length === 1 ? 'delivery was' : 'deliveries were'} parked as failed: Hookbay stopped twice while sending ${ids.length === 1 ? 'it' : 'them'}. Retry by hand once the cause is fixed.`,
        ),
      onPausedChanged: (paused) => {
        this.log.info(paused ? 'relay paused' : 'relay resumed');
        this.problems.changed();
      },
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
   * resent; this tells the user: a log line, a `problem` event, and `degraded` health until
   * a write succeeds.
   */
  private storageFailed(err: Error): void {
    this.problems.storageFailed(err);
  }

  static async start(input: HookbayConfigInput, options: StartOptions = {}): Promise<Hookbay> {
    const owns = options.resumeRelay !== false;
    let ownership = owns ? (options.ownership ?? null) : null;
    let app: Hookbay;
    try {
      const config = HookbayConfig.parse(input);
      fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      const loosened = tightenDir(config.dataDir);
      if (loosened !== null) {
        (options.logger ?? stderrLogger).warn(`data directory was readable by others (${octal(loosened)}); tightened to 0700`, {
          dataDir: config.dataDir,
        });
      }
      // Before the database opens: a refused start touches nothing its owner uses.
      const command = options.command ?? (options.mode === 'desktop' ? 'the desktop app' : 'a Hookbay core');
      if (owns) ownership ??= DataDirOwnership.acquire(config.dataDir, command, { nativeBinding: config.nativeBinding });
      sweepStaleSideFiles(config.dataDir, options.logger ?? stderrLogger);
      // 0600 database, WAL and SHM whatever the umask (see openDatabase).
      const db = openDatabase(path.join(config.dataDir, 'hookbay.db'), { durability: config.durability, nativeBinding: config.nativeBinding });
      try {
        app = new Hookbay(config, db, options);
        app.port = await app.receiver.listen(config.receiverPort, config.receiverHost, 'direct');
      } catch (err) {
        db.close();
        throw err;
      }
    } catch (err) {
      ownership?.release();
      throw err;
    }
    app.ownership = ownership;
    const { config, db } = app;
    const dbFile = path.join(config.dataDir, 'hookbay.db');
    app.checkpoints = new WalCheckpointer(db, dbFile, {
      nativeBinding: config.nativeBinding,
      onFailure: (err) => app.problems.background('WAL checkpoints (now run by captures past 256 MiB of WAL)', err),
    }).start();
    const checkpoints = app.checkpoints;
    app.writer.use({ committed: (stored) => checkpoints.committed(stored.reduce((n, r) => n + r.body.length, 0)) });
    if (owns) app.relay.start({ paused: options.safe === true });
    if (options.safe) app.log.warn('safe mode: the relay is paused and the tunnel stays closed until resumed');
    // Deleting needs a little disk too; a full disk must not crash the process (nor its start).
    const prune = () => {
      try {
        app.pruneNow();
      } catch (err) {
        app.problems.background('retention (skipped, retried in a minute)', err);
      }
    };
    prune();
    app.retentionTimer = setInterval(prune, 60_000).unref();
    app.search.schedule(0);
    const savedTunnel = TunnelSettings.safeParse(app.loadTunnelSettings());
    if (owns && options.restoreTunnel !== false && !options.safe && savedTunnel.success && savedTunnel.data.enabled) {
      // Not awaited: start-up does not wait for the network. start() never rejects; its
      // outcome is the tunnel's status (and a `tunnel.status` event).
      void app.tunnel.start(savedTunnel.data);
    }
    return app;
  }

  /** Saves the tunnel setting; its access tokens go through the secret codec like signing secrets. */
  saveTunnelSettings(settings: TunnelSettings): void {
    const encode = (s: string | undefined) => (s === undefined ? undefined : this.secrets.encode(s));
    this.settings.set(TUNNEL_SETTINGS_KEY, { ...settings, token: encode(settings.token), authtoken: encode(settings.authtoken) });
  }

  loadTunnelSettings(): unknown {
    const saved = this.settings.get(TUNNEL_SETTINGS_KEY) as Partial<TunnelSettings> | undefined;
    if (!saved || typeof saved !== 'object') return saved;
    const decode = (s: unknown) => (typeof s === 'string' ? this.secrets.decode(s) : undefined);
    return { ...saved, token: decode(saved.token), authtoken: decode(saved.authtoken) };
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
    // Never rejects: callers fire and forget it, so a failure becomes a problem, not a crash.
    return reverifyEndpoint(this, endpointId).catch((err: unknown) => {
      this.problems.background('re-verification', err);
      return 0;
    });
  }

  leadsToOwnReceiver(url: string): boolean {
    return isOwnReceiver(url, { host: this.config.receiverHost, port: this.port, publicBaseUrl: this.publicBaseUrl });
  }

  /** Every signing secret the endpoints hold, so the log can redact them wherever they appear. */
  *secretValues(): Iterable<string> {
    for (const ep of this.endpoints.all()) yield* ep.verify?.secrets ?? [];
    yield* this.tunnel.secretValues();
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
    // Before the last connection closes (it checkpoints and removes the WAL).
    await this.checkpoints?.stop();
    this.db.close();
    // Last: another Hookbay may start the relay on this data from here on.
    this.ownership?.release();
  }
}

