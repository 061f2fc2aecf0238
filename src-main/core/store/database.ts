import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations';
import { chmodPrivate, withPrivateUmask } from './private-files';

export type Db = Database.Database;

export interface OpenOptions {
  /** `normal` survives a killed process (WAL); `full` also survives power loss, slower. */
  durability?: 'normal' | 'full';
  /** Path of a better_sqlite3.node built for another ABI (Electron). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
}

export class StorageError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Creates the data directory if needed; a clear StorageError naming it when it cannot be written. */
export function ensureWritableDataDir(dir: string): void {
  try {
    // Private from the start: it will hold secrets and captured Authorization headers.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new StorageError(
      `The data directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}). ` +
        'Choose another with --data or HOOKBAY_DATA.',
      'data_dir_not_writable',
    );
  }
}

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file === ':memory:') return configure(new Database(file, nativeOption(options)), options);
  ensureWritableDataDir(path.dirname(file));
  // SQLite creates -wal and -shm with the database file's mode, and new files under the
  // umask: tighten a file an older version left readable first, then open under umask 077.
  const files = [file, `${file}-wal`, `${file}-shm`];
  files.forEach(chmodPrivate);
  const db = withPrivateUmask(() => {
    const opened = new Database(file, nativeOption(options));
    try {
      // Entering WAL mode and the first write create -wal and -shm: inside the umask.
      configure(opened, options);
      opened.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    } catch (err) {
      opened.close();
      throw err;
    }
    return opened;
  });
  files.forEach(chmodPrivate);
  return db;
}

function nativeOption(options: OpenOptions): Database.Options {
  return options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
}

function configure(db: Db, options: OpenOptions): Db {
  // Only takes effect when the file is new. Rows carry whole bodies: measured per stored row
  // (CPU time, group commits of 32), 32 KiB pages cost the same as 8 KiB for 1 KB bodies and
  // 40 % less for 100 KB bodies (fewer overflow pages to write, checksum and checkpoint).
  db.pragma('page_size = 32768');
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL loses no committed transaction when the process is killed;
  // only an OS crash or power loss can roll back the last commits. FULL covers that too.
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32000');
  migrate(db, options.migrations ?? allMigrations);
  return db;
}

/** Applies every migration newer than `user_version`, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StorageError(
      `This database was written by a newer Hookbay (schema ${current}, this one knows ${latest}).`,
      'schema_too_new',
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
