import fs from 'node:fs';

/**
 * The data directory holds signing secrets, the API token and captured `Authorization`
 * headers in clear (database, WAL, logs), so everything in it is private to its owner:
 * files 0600, directories 0700, whatever the umask or the mode a directory already had.
 */

/** Bits that let anyone but the owner read, write or enter. */
const OTHERS = 0o077;

/**
 * Tightens a directory group or others may use to 0700. Returns the mode it had when it
 * changed it (for a log line saying so), null when it was already private or the
 * filesystem has no modes.
 */
export function tightenDir(dir: string): number | null {
  try {
    const mode = fs.statSync(dir).mode & 0o777;
    if ((mode & OTHERS) === 0) return null;
    fs.chmodSync(dir, 0o700);
    return mode;
  } catch {
    return null; // FAT, some network mounts: no modes to set; the error is the caller's to see on write
  }
}

/** Sets a file to 0600 if it exists; silent where the filesystem has no modes. */
export function chmodPrivate(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* absent, or no modes on this filesystem */
  }
}

/**
 * Runs `create` with umask 077, so files it creates (SQLite's -wal and -shm, opened inside
 * the library where no mode can be passed) are private from their first byte rather than
 * chmod-ed after a window in which they were readable. Synchronous on purpose: the umask is
 * process-wide, and nothing else runs on the event loop while `create` does.
 */
export function withPrivateUmask<T>(create: () => T): T {
  let previous: number | null = null;
  try {
    previous = process.umask(0o077);
  } catch {
    /* worker threads cannot set the umask; the chmods after opening still apply */
  }
  try {
    return create();
  } finally {
    if (previous !== null) process.umask(previous);
  }
}

/** `"0755"` for log lines. */
export const octal = (mode: number): string => `0${mode.toString(8)}`;
