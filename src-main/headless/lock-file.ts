/**
 * `<data>/hookbay.lock`: written by a running `serve`/`listen` so one-shot commands
 * (`hookbay requests`, `replay`, `export`) talk to it through its API instead of opening the
 * database beside it. It holds the API token, so it is 0600 like the token file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../core/store/private-files';
import { processAlive as alive } from '../core/process-alive';

export interface LockInfo {
  pid: number;
  apiUrl: string;
  receiverUrl: string;
  token: string;
  version: string;
}

export const LOCK_FILE = 'hookbay.lock';

export function lockPath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

/** Atomic: a one-shot command reading it meanwhile sees the old lock or this one, never none. */
export function writeLock(dataDir: string, info: LockInfo): void {
  writePrivateFile(lockPath(dataDir), JSON.stringify(info) + '\n');
}

/** Removes the lock if it is still ours (a second server on the same data may have replaced it). */
export function removeLock(dataDir: string, pid = process.pid): void {
  if (readLock(dataDir)?.pid === pid) fs.rmSync(lockPath(dataDir), { force: true });
}

/** The lock of a live process, or null (none, unreadable, or left behind by a killed one). */
export function readLock(dataDir: string): LockInfo | null {
  let info: Partial<LockInfo>;
  try {
    info = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as Partial<LockInfo>;
  } catch {
    return null;
  }
  if (typeof info.pid !== 'number' || typeof info.apiUrl !== 'string' || typeof info.token !== 'string') return null;
  return alive(info.pid) ? (info as LockInfo) : null;
}
