import type { Health, Problem } from '../contract/health';
import type { EventBus } from './events';
import type { Logger } from './log/logger';
import { VERSION } from './version';

/** A repeated storage failure is logged at most this often (a full disk fails every capture). */
const REPEAT_LOG_MS = 60_000;

/**
 * Where background failures become outcomes the user sees (docs/architecture.md, "Error
 * model"): a log line, a `problem` event on both transports (the inspector's banner), and
 * for storage a `degraded` health until a write succeeds. Nothing here throws.
 */
export class Problems {
  private storage: Problem | null = null;
  private repeats = 0;
  private lastLogged = 0;

  constructor(
    private readonly events: Pick<EventBus, 'emit'>,
    private readonly log: Logger,
    private readonly relayPaused: () => boolean,
  ) {}

  /** A write failed (disk full, read-only, I/O error): degraded until `storageOk`. */
  storageFailed(err: Error): void {
    const now = Date.now();
    if (this.storage) {
      this.repeats++;
      if (now - this.lastLogged >= REPEAT_LOG_MS) {
        this.lastLogged = now;
        this.log.error('storage still failing', { err, failuresSinceLastLine: this.repeats });
        this.repeats = 0;
      }
      return;
    }
    this.lastLogged = now;
    this.storage = { kind: 'storage', message: storageMessage(err), at: now };
    this.log.error('storage failed: captures get 503 and outcomes are not recorded until a write succeeds', { err });
    this.events.emit({ type: 'problem', problem: this.storage });
    this.changed();
  }

  /** A write succeeded: storage works again. Cheap when nothing was wrong (called per commit). */
  storageOk(): void {
    if (!this.storage) return;
    this.storage = null;
    this.repeats = 0;
    this.log.info('storage recovered');
    this.changed();
  }

  /** A background job failed and carried on; `what` names it for the user ("search indexing"). */
  background(what: string, err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.log.error(`${what} failed`, { err: e });
    const code = (e as NodeJS.ErrnoException).code;
    this.events.emit({
      type: 'problem',
      problem: { kind: 'background', message: `${what} failed (${code ?? e.name}); see the Hookbay log: ${this.log.location}`, at: Date.now() },
    });
  }

  /** Something the user should know that is not an error of Hookbay's (a parked delivery). */
  notice(message: string): void {
    this.log.warn(message);
    this.events.emit({ type: 'problem', problem: { kind: 'background', message, at: Date.now() } });
  }

  health(): Health {
    return {
      ok: true,
      version: VERSION,
      status: this.storage ? 'degraded' : 'ok',
      problems: this.storage ? [this.storage] : [],
      relay: this.relayPaused() ? 'paused' : 'running',
    };
  }

  /** Tells the UI the health changed (degraded, recovered, relay paused or resumed). */
  changed(): void {
    this.events.emit({ type: 'health.changed', health: this.health() });
  }
}

/** SQLite's messages are fixed sentences ("database or disk is full"), never data. */
function storageMessage(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code?.startsWith('SQLITE_') ? `${code}: ${err.message}` : (code ?? err.name);
  return `Storage is failing (${why}). New captures are refused with 503 until a write succeeds.`;
}
