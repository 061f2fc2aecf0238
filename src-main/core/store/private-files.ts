import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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

/** Creates `dir` (and missing parents) and sets it to 0700, whatever the umask or its mode before. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(dir, 0o700);
  } catch {
    /* no modes on this filesystem */
  }
}

/**
 * The side file every atomic writer uses (`writePrivateFile`, the export writers): beside
 * `file`, named `<file>.<pid>-<8 hex>.tmp`. The pid is what lets a later start tell a side
 * file a killed writer left (it holds the token or part of an export, in clear) from one a
 * live process is still writing (`sideFilePid`, `core/store/stale-side-files.ts`); writers
 * and that sweep share these two functions so the name cannot drift between them.
 */
export function sideFileOf(file: string, pid = process.pid): string {
  return `${file}.${pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
}

/** Largest pid any platform hands out (Linux caps at 2^22, Windows at 32 bits); above it, not ours. */
const MAX_PID = 0x7fffffff;
const SIDE_FILE = /^.+\.([1-9][0-9]{0,9})-[0-9a-f]{8}\.tmp$/;

/** The writer's pid when `name` (a base name) is exactly a `sideFileOf` name, else null. */
export function sideFilePid(name: string): number | null {
  const m = SIDE_FILE.exec(name);
  if (!m) return null;
  const pid = Number(m[1]);
  return pid <= MAX_PID ? pid : null;
}

/**
 * The one way Hookbay writes a whole private file (API token, lock): 0600 whatever the umask
 * or the mode of the file it replaces, and atomic. The data goes to a temporary file beside
 * `file`, created 0600 and fchmod-ed (a umask can only remove bits, but one that removed the
 * owner's would leave it unreadable), flushed, then renamed over `file`. So a reader — a
 * one-shot command reading the lock of a running server, a restart reading the token — sees
 * the old content or the new, never none or half (which would send `hookbay requests` to
 * open the database beside the server); and an older file's laxer mode goes with the old
 * inode. Missing parent directories are created 0700 (an existing one is left to
 * `tightenDir`, which says when it changes one). Streams (the log) cannot be written this
 * way: `openLogFile` opens them 0600 in a directory from `makePrivateDir`.
 */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = sideFileOf(file);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.fchmodSync(fd, 0o600);
    } catch {
      /* no modes on this filesystem */
    }
    fs.writeFileSync(fd, data);
    // On disk before the rename, or a power loss could leave the new name on empty content.
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, file);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
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
