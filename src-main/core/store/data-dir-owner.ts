/**
 * One Hookbay runs the receiver and the relay of a data directory at a time (its owner).
 * The relay's start takes every delivery row still `in_flight` for a dead process's and sends
 * it again, and its shutdown marks them all interrupted: a second relay on the same database
 * would re-send the first one's live attempts and both would claim from one outbox.
 *
 * The owner holds `<data>/hookbay.owner`, a small SQLite file opened in exclusive locking
 * mode and written once: SQLite then keeps its exclusive lock (an fcntl lock on POSIX, a
 * LockFileEx lock on Windows) until the connection closes, and the kernel drops it when the
 * process dies however it dies, so a kill -9 leaves no stale lock to clean up. A second
 * opener gets SQLITE_BUSY at once (busy timeout 0); SQLite tracks locks per file across the
 * connections of one process too, so a second core in the same process is refused alike.
 *
 * Who the owner is (pid, command, API URL) cannot be read from the locked file, so it is
 * written beside it, `<data>/hookbay.owner.json`, for the refusal's message only: the lock
 * alone decides ownership. Both files are 0600 like everything in the data directory.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { processAlive as alive } from '../process-alive';
import { chmodPrivate, withPrivateUmask, writePrivateFile } from './private-files';

export const OWNER_LOCK_FILE = 'hookbay.owner';
export const OWNER_INFO_FILE = 'hookbay.owner.json';

export interface OwnerInfo {
  pid: number;
  /** What runs it, as the user knows it: `hookbay serve`, `hookbay listen`, `the desktop app`. */
  command: string;
  /** Where its API answers (`hookbay serve`/`listen`), once it does. */
  apiUrl?: string;
}

/** A data directory another live Hookbay owns: its receiver and relay run there. */
export class DataDirOwned extends Error {
  readonly code = 'data_dir_owned';
  constructor(
    readonly dataDir: string,
    /** Null when it could not be told (its description not written yet, or unreadable). */
    readonly owner: OwnerInfo | null,
    hint = 'stop it first, or use another data directory',
  ) {
    super(`another Hookbay (${describeOwner(owner)}) is using ${dataDir}; ${hint}`);
    this.name = 'DataDirOwned';
  }
}

/** `hookbay serve, pid 1234, API http://127.0.0.1:8788` (or `pid unknown`). */
export function describeOwner(owner: OwnerInfo | null): string {
  if (!owner) return 'pid unknown';
  return [owner.command, `pid ${owner.pid}`, ...(owner.apiUrl ? [`API ${owner.apiUrl}`] : [])].join(', ');
}

/**
 * The description the owner wrote, if its process lives. Only meaningful once taking the
 * lock failed: a description whose process died is a killed owner's, left behind.
 */
export function readOwner(dataDir: string): OwnerInfo | null {
  let info: Partial<OwnerInfo>;
  try {
    info = JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_INFO_FILE), 'utf8')) as Partial<OwnerInfo>;
  } catch {
    return null;
  }
  if (typeof info.pid !== 'number' || typeof info.command !== 'string') return null;
  if (!alive(info.pid)) return null;
  return { pid: info.pid, command: info.command, ...(typeof info.apiUrl === 'string' ? { apiUrl: info.apiUrl } : {}) };
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

/** Held by the process that runs a data directory's receiver and relay; `release` on close. */
export class DataDirOwnership {
  private info: OwnerInfo;

  private constructor(
    readonly dataDir: string,
    private db: Database.Database | null,
    command: string,
  ) {
    this.info = { pid: process.pid, command };
  }

  /** Takes the directory, or throws `DataDirOwned` naming the live owner. Never waits. */
  static acquire(dataDir: string, command: string, options: { nativeBinding?: string } = {}): DataDirOwnership {
    const file = path.join(dataDir, OWNER_LOCK_FILE);
    // Created under umask 077 where the process may set it; chmod-ed after, where it may not
    // (the desktop's core worker). The rollback journal stays, truncated, while the lock is held.
    const files = [file, `${file}-journal`];
    files.forEach(chmodPrivate);
    const db = withPrivateUmask(() => new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}));
    try {
      db.pragma('busy_timeout = 0');
      // The lock the first write takes is kept until the connection closes. The write itself
      // is durable as usual (rollback journal, synchronous FULL: two fsyncs per start), so a
      // power loss cannot leave a damaged file that would stop every later start.
      db.pragma('locking_mode = EXCLUSIVE');
      withPrivateUmask(() => {
        db.exec('CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, taken_at INTEGER NOT NULL)');
        db.prepare('INSERT OR REPLACE INTO owner (id, pid, taken_at) VALUES (1, ?, ?)').run(process.pid, Date.now());
      });
    } catch (err) {
      db.close();
      if (isBusy(err)) throw new DataDirOwned(dataDir, readOwner(dataDir));
      const code = (err as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new Error(`${file} is damaged (${code}); with no Hookbay running on ${dataDir}, delete it and start again`, { cause: err });
      }
      throw err;
    }
    files.forEach(chmodPrivate);
    const ownership = new DataDirOwnership(dataDir, db, command);
    ownership.describe({});
    return ownership;
  }

  get owner(): OwnerInfo {
    return this.info;
  }

  /** Adds to what a refused Hookbay is told about this one (serve: its API URL). */
  describe(more: Partial<Pick<OwnerInfo, 'apiUrl'>>): void {
    this.info = { ...this.info, ...more };
    try {
      writePrivateFile(path.join(this.dataDir, OWNER_INFO_FILE), JSON.stringify(this.info) + '\n');
    } catch {
      /* only the refusal's message loses detail ("pid unknown"); the lock still holds */
    }
  }

  /** Gives the directory up: the description first, so nobody reads ours after the lock is gone. */
  release(): void {
    if (!this.db) return;
    try {
      const file = path.join(this.dataDir, OWNER_INFO_FILE);
      const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<OwnerInfo>;
      if (written.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      /* absent or unreadable: nothing of ours to remove */
    }
    this.db.close();
    this.db = null;
  }
}
