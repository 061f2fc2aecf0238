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
  /** ...unless this many body bytes were committed since: then at once (a short WAL is reused, not grown). */
  gapBytes?: number;
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
 * Large bodies checkpoint without waiting for the gap. Measured with the floor harness
 * (bench/floor-child.ts, interleaved runs pinned to one core, medians): the 50 ms gap alone took
 * 1 KiB captures from 36.5 to 30.3 us but 100 KiB captures from 155 to 199 us (5 runs each).
 * With this threshold too: 1 KiB 30.0 us (checkpoint per batch: 34.5), 100 KiB 156 us (155;
 * 8 runs each, runs vary 145-290 us). Why fewer, larger checkpoints cost large bodies more was
 * not pinned down (a WAL grown into new pages instead of rewritten from its start is a guess).
 */
export const CHECKPOINT_GAP_BYTES = 1024 * 1024;

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
let bytes = 0;
let waitingForGap = false;
function run() {
  scheduled = false;
  waitingForGap = false;
  pending = null;
  bytes = 0;
  if (closed) return;
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  lastRun = Date.now();
  runs++;
  parentPort.postMessage({ runs, log: r.log, checkpointed: r.checkpointed });
}
function nudge() {
  if (scheduled) return;
  scheduled = true;
  const wait = bytes >= workerData.gapBytes ? 0 : lastRun + workerData.minGapMs - Date.now();
  waitingForGap = wait > 0;
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
  if (typeof m === 'number') bytes += m;
  // A checkpoint waiting for its gap runs now once enough has been written meanwhile.
  if (waitingForGap && bytes >= workerData.gapBytes) {
    clearTimeout(pending);
    scheduled = false;
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
          gapBytes: this.options.gapBytes ?? CHECKPOINT_GAP_BYTES,
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

  /** A batch of `bytes` (bodies) committed: the worker checkpoints soon (coalesced). Cheap: one message. */
  committed(bytes = 0): void {
    this.worker?.postMessage(bytes);
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
