/**
 * Runs the core on its own thread and keeps it running (issue 16). The main thread keeps
 * only shell work (IPC, menus, tray, windows); every UI call crosses one MessagePort to the
 * worker, which guards it with the same `callOperation` as every transport. A crash of the
 * core is detected (the worker exits without being asked), in-flight calls fail with
 * `unavailable`, and a new worker starts on the same data directory and receiver port;
 * calls made meanwhile wait for it. What the sender saw acknowledged was committed (WAL)
 * before the answer, so it is still there after the restart.
 *
 * No Electron import: the shell wires it (desktop.ts); tests run it under plain Node.
 */
import { MessageChannel, Worker, type MessagePort, type TransferListItem } from 'node:worker_threads';
import type { HookbayEvent } from '../contract/events';
import type { HookbayConfigInput } from '../core/config';
import type { Logger } from '../core/log/logger';
import type { SecretCodec } from '../core/store/endpoint-store';
import type { CallResult } from '../core/transport';
import { SECRET_BUFFER_BYTES, serveSecretCodec, type CoreWorkerData, type FromCore, type ToCore } from './core-protocol';

export interface CoreHostOptions {
  /** The built core-worker.js. */
  workerFile: string;
  config: HookbayConfigInput;
  mode?: 'desktop' | 'headless';
  restoreTunnel?: boolean;
  /** Kept on this thread (safeStorage); the worker calls it synchronously. */
  secrets?: SecretCodec;
  log: Logger;
  /** Every core event, plus `core.crashed` after a crash and the restart attempt. */
  onEvent(event: HookbayEvent): void;
  /**
   * Where `saveExport` writes (the desktop app's save dialog); null when the user cancels.
   * Without it the core writes to `<data>/exports/`.
   */
  chooseExportFile?(suggestedName: string): Promise<string | null>;
  /** Give up restarting after this many crashes within a minute (a crash loop). */
  maxRestartsPerMinute?: number;
  /** Node options of the worker (tests run it under Electron's unhandled-rejection mode). */
  execArgv?: string[];
}

interface Ready {
  receiverUrl: string;
  receiverPort: number;
  dataDir: string;
  secretStorage: string;
}

interface Running {
  worker: Worker;
  port: MessagePort;
  pending: Map<number, (result: CallResult) => void>;
}

export class CoreStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'CoreStartError';
  }
}

const unavailable = (message: string): CallResult => ({ ok: false, status: 503, error: { code: 'unavailable', message } });

export class CoreHost {
  private running: Running | null = null;
  /** Resolves when a (re)started worker is ready; calls made while restarting wait on it. */
  private starting: Promise<void> | null = null;
  private info: Ready | null = null;
  private secrets: string[] = [];
  private nextId = 1;
  private closing = false;
  private crashes: number[] = [];
  /** Set once a crash could not be followed by a restart: the core is gone until Hookbay restarts. */
  private gaveUp = false;
  /** How many times the core was restarted after a crash. */
  restarts = 0;

  private constructor(private readonly options: CoreHostOptions) {}

  static async start(options: CoreHostOptions): Promise<CoreHost> {
    const host = new CoreHost(options);
    host.starting = host.spawn(options.config);
    await host.starting;
    return host;
  }

  get receiverUrl(): string {
    return this.info!.receiverUrl;
  }
  get receiverPort(): number {
    return this.info!.receiverPort;
  }
  get dataDir(): string {
    return this.info!.dataDir;
  }
  get secretStorage(): string {
    return this.info!.secretStorage;
  }
  secretValues(): Iterable<string> {
    return this.secrets;
  }
  /** True while the core serves calls or is restarting after a crash; false once closed or given up. */
  get serving(): boolean {
    return !this.closing && !this.gaveUp;
  }
  /** The worker now running (tests terminate it to play a crash). */
  get worker(): Worker | null {
    return this.running?.worker ?? null;
  }

  /** One contract operation, answered by the core's `callOperation`. Never rejects. */
  async call(name: string, input: unknown): Promise<CallResult> {
    if (this.closing) return unavailable('Hookbay is shutting down.');
    if (this.starting) {
      try {
        await this.starting;
      } catch {
        return unavailable('The core could not be restarted; see the desktop log.');
      }
    }
    const running = this.running;
    if (!running) return unavailable('The core is not running; see the desktop log.');
    const id = this.nextId++;
    return new Promise<CallResult>((resolve) => {
      running.pending.set(id, resolve);
      running.port.postMessage({ t: 'call', id, name, input } satisfies ToCore);
    });
  }

  reencryptSecrets(): void {
    this.running?.port.postMessage({ t: 'reencryptSecrets' } satisfies ToCore);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.starting?.catch(() => undefined);
    const running = this.running;
    if (!running) return;
    const exited = new Promise<void>((resolve) => running.worker.once('exit', () => resolve()));
    running.port.postMessage({ t: 'close' } satisfies ToCore);
    // A core that does not finish closing in 10 s is stopped; SQLite's WAL keeps what was committed.
    const timer = setTimeout(() => void running.worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
    this.running = null;
  }

  private spawn(config: HookbayConfigInput): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    let secrets: CoreWorkerData['secrets'] = null;
    const transfer: TransferListItem[] = [port2];
    if (this.options.secrets) {
      const codec = new MessageChannel();
      const buffer = new SharedArrayBuffer(SECRET_BUFFER_BYTES);
      serveSecretCodec(this.options.secrets, codec.port1, buffer);
      codec.port1.unref();
      secrets = { description: this.options.secrets.description, buffer, port: codec.port2 };
      transfer.push(codec.port2);
    }
    const data: CoreWorkerData = {
      port: port2,
      config,
      mode: this.options.mode ?? 'desktop',
      restoreTunnel: this.options.restoreTunnel ?? true,
      secrets,
      asksExportFile: this.options.chooseExportFile !== undefined,
    };
    const worker = new Worker(this.options.workerFile, { workerData: data, transferList: transfer, ...(this.options.execArgv ? { execArgv: this.options.execArgv } : {}) });
    const running: Running = { worker, port: port1, pending: new Map() };
    const log = this.options.log.child({ component: 'core-host' });
    // Which thread wrote a line, so the one log file stays readable.
    const coreLog = this.options.log.child({ thread: 'core' });
    let lastError: Error | null = null;

    return new Promise<void>((resolve, reject) => {
      let ready = false;
      port1.on('message', (msg: FromCore) => {
        switch (msg.t) {
          case 'ready':
            ready = true;
            this.info = { receiverUrl: msg.receiverUrl, receiverPort: msg.receiverPort, dataDir: msg.dataDir, secretStorage: msg.secretStorage };
            this.secrets = msg.secretValues;
            this.running = running;
            resolve();
            return;
          case 'startFailed':
            reject(new CoreStartError(msg.error.message, msg.error.code));
            void worker.terminate();
            return;
          case 'result':
            running.pending.get(msg.id)?.(msg.result);
            running.pending.delete(msg.id);
            return;
          case 'event':
            this.options.onEvent(msg.event);
            return;
          case 'secrets':
            this.secrets = msg.values;
            return;
          case 'chooseExportFile': {
            const choose = this.options.chooseExportFile;
            const answer = (file: string | null) => port1.postMessage({ t: 'exportFileChosen', id: msg.id, file } satisfies ToCore);
            if (!choose) return answer(null);
            choose(msg.suggestedName).then(answer, (err: unknown) => {
              log.warn('could not ask where to save an export', { err });
              answer(null);
            });
            return;
          }
          case 'log':
            coreLog[msg.level](msg.message, msg.fields);
            return;
          case 'closed':
            return;
        }
      });
      worker.on('error', (err) => {
        lastError = err;
        log.error('core crashed', { err });
      });
      worker.on('exit', (code) => {
        port1.close();
        for (const fail of running.pending.values()) fail(unavailable('The core stopped while answering; it is restarting. Try again.'));
        running.pending.clear();
        if (this.running === running) this.running = null;
        if (!ready) {
          reject(lastError ?? new CoreStartError(`The core exited (code ${code}) before it was ready.`, undefined));
          return;
        }
        if (!this.closing) this.restartAfterCrash(lastError?.message ?? `the core thread exited with code ${code}`);
      });
    });
  }

  private restartAfterCrash(reason: string): void {
    const log = this.options.log.child({ component: 'core-host' });
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    if (this.crashes.length > (this.options.maxRestartsPerMinute ?? 3)) {
      log.error('core keeps crashing; not restarting', { reason });
      this.gaveUp = true;
      this.starting = Promise.reject(new Error(reason));
      this.starting.catch(() => undefined);
      this.options.onEvent({ type: 'core.crashed', message: `The core stopped (${reason}) and keeps stopping; restart Hookbay.`, restarted: false });
      return;
    }
    log.warn('restarting the core', { reason });
    // The same data and the same receiver port, so senders and the window keep their URLs.
    const config = { ...this.options.config, receiverPort: this.info?.receiverPort ?? this.options.config.receiverPort };
    this.starting = this.spawnRetryingPort(config).then(
      () => {
        this.restarts++;
        this.starting = null;
        this.options.onEvent({ type: 'core.crashed', message: `The core stopped (${reason}) and was restarted on the same data.`, restarted: true });
      },
      (err: Error) => {
        log.error('core restart failed', { err });
        this.gaveUp = true;
        this.options.onEvent({ type: 'core.crashed', message: `The core stopped (${reason}) and could not be restarted: ${err.message}`, restarted: false });
        throw err;
      },
    );
    this.starting.catch(() => undefined);
  }

  /** The dead worker's listening socket may take a moment to be released. */
  private async spawnRetryingPort(config: HookbayConfigInput): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.spawn(config);
      } catch (err) {
        if ((err as CoreStartError).code !== 'EADDRINUSE' || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
