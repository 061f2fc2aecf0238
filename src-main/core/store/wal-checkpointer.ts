import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/** Past this many bytes of WAL the capture connection checkpoints itself (the worker is gone or behind). */
export const WAL_HARD_BYTES = 256 * 1024 * 1024;
/** After a checkpoint reset, the WAL file is cut back to this, not to zero, so big captures do not regrow it each time. */
export const WAL_KEEP_BYTES = 64 * 1024 * 1024;

export interface WalCheckpointerOptions {
  nativeBinding?: string;
  /** The worker failed or exited: checkpoints now run in the capture connection past the hard size. */
  onFailure: (err: Error) => void;
  hardBytes?: number;
  keepBytes?: number;
  /** Checkpoint at least this often even without a nudge (deletes, relay writes). */
  intervalMs?: number;
  /** Nudges within this long of the last checkpoint wait for it to pass (coalesced into one). */
  minGapMs?: number;
}

/*
 * A checkpoint after every 32-request batch, as the first version ran them, was a large part of
 * the capture floor's regression (26.9 -> 39.9 us/request at 1 KiB; docs/benchmarks.md): each
 * one fsyncs the WAL and the database and copies the same hot pages again (index leaves, kept
 * counters, the search index), and its CPU competes with the capture thread on the server core.
 * Spaced 50 ms apart: 1 fsync per 1,000 captures instead of 17, and the WAL still grows only a
 * few tens of MiB between checkpoints, far below the hard size at which the capture connection
 * would checkpoint itself.
 */
export const CHECKPOINT_MIN_GAP_MS = 50;

/*
 * The worker's code, inline so no extra bundle entry is needed (plain Node, the desktop's core
 * worker, vitest). Its own connection runs PASSIVE checkpoints: they never block a writer and
 * never wait for a reader, so the capture connection is never held up by one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 0');
let scheduled = false;
let runs = 0;
let lastRun = 0;
let pending = null;
let closed = false;
function run() {
  scheduled = false;
  pending = null;
  if (closed) return;
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  lastRun = Date.now();
  runs++;
  parentPort.postMessage({ runs, log: r.log, checkpointed: r.checkpointed });
}
function nudge() {
  if (scheduled) return;
  scheduled = true;
  const wait = lastRun + workerData.minGapMs - Date.now();
  pending = wait > 0 ? setTimeout(run, wait) : setImmediate(run);
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    // A checkpoint still waiting for its gap must not run on the closed connection.
    closed = true;
    clearInterval(timer);
    if (pending) { clearTimeout(pending); clearImmediate(pending); }
    db.close();
    parentPort.close();
    return;
  }
  nudge();
});
const timer = setInterval(nudge, workerData.intervalMs);
parentPort.postMessage({ runs: 0 });
`;

export interface CheckpointReport {
  runs: number;
  log?: number;
  checkpointed?: number;
}

/**
 * WAL checkpoints off the event loop (F9 in docs/fuzzing.md). SQLite's autocheckpoint runs in
 * the connection that commits — here, on the event loop, inside a capture's answer: each
 * ~32 MiB of WAL cost that commit 200–400 ms copying pages to the database file. The capture
 * connection's autocheckpoint is raised to a hard size that it reaches only when the worker
 * is gone or behind, and a worker thread with its own connection checkpoints after each
 * committed batch (coalesced) and every `intervalMs`.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private closing = false;
  /** The worker's latest report (tests wait on it). */
  last: CheckpointReport = { runs: 0 };
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly options: WalCheckpointerOptions,
  ) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const hard = options.hardBytes ?? WAL_HARD_BYTES;
    // The safety net: the capture connection checkpoints itself only past the hard size.
    db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.ceil(hard / pageSize))}`);
    db.pragma(`journal_size_limit = ${options.keepBytes ?? WAL_KEEP_BYTES}`);
  }

  /** Starts the worker; a failure to start is reported like a later failure (never thrown). */
  start(): this {
    try {
      const module = createRequire(__filename).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          module,
          file: this.file,
          nativeBinding: this.options.nativeBinding,
          intervalMs: this.options.intervalMs ?? 1000,
          minGapMs: this.options.minGapMs ?? CHECKPOINT_MIN_GAP_MS,
        },
      });
      worker.unref();
      worker.on('message', (m: CheckpointReport) => {
        this.last = m;
        this.waiters.splice(0).forEach((w) => w());
      });
      worker.on('error', (err) => this.failed(err));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.failed(new Error(`checkpoint worker exited (${code})`));
      });
      this.worker = worker;
    } catch (err) {
      this.failed(err instanceof Error ? err : new Error(String(err)));
    }
    return this;
  }

  /** A batch committed: the worker checkpoints soon (coalesced). Cheap: one message. */
  committed(): void {
    this.worker?.postMessage('nudge');
  }

  /** Resolves at the worker's next report (tests). */
  nextReport(): Promise<CheckpointReport> {
    return new Promise((resolve) => this.waiters.push(() => resolve(this.last)));
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Test seam and shutdown: ends the worker; the hard-size fallback stays. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.closing = true;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    // A worker stuck in a checkpoint must not hold up shutdown.
    const timer = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the worker as a crash would (tests): the fallback and the problem must follow. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  private failed(err: Error): void {
    if (this.closing) return;
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    this.options.onFailure(err);
  }
}
