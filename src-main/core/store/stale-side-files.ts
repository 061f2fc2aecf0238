/**
 * Side files a killed writer left behind. `writePrivateFile` and the export writers write to
 * `<file>.<pid>-<8 hex>.tmp` and rename it when whole; a kill -9 or a power loss between the
 * two leaves it for good, and in the data directory it holds the API token or part of an
 * export of captured requests (their `Authorization` headers included). At start the core
 * removes those whose writer is gone, and nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/logger';
import { processAlive as alive } from '../process-alive';
import { sideFilePid } from './private-files';

/** Where Hookbay's own atomic writes land, relative to the data directory. */
const SWEPT_DIRS = ['.', 'exports'] as const;

export interface SweepResult {
  /** Removed, relative to the data directory. */
  removed: string[];
  /** What could not be looked at or removed, with why (the sweep goes on past each). */
  failed: { path: string; code: string }[];
}

/**
 * Removes from `dataDir` and `dataDir/exports` the regular files named exactly as `sideFileOf`
 * names them whose pid is no running process. Never follows a symlink (a symlinked `exports`
 * directory is not entered, a symlink with a matching name is kept), never throws: a failure
 * is in the result, for the caller's log line.
 */
export function removeStaleSideFiles(dataDir: string): SweepResult {
  const result: SweepResult = { removed: [], failed: [] };
  const fail = (rel: string, err: unknown) => result.failed.push({ path: rel, code: (err as NodeJS.ErrnoException).code ?? String(err) });
  for (const sub of SWEPT_DIRS) {
    const dir = path.join(dataDir, sub);
    let names: string[];
    try {
      if (sub !== '.' && !fs.lstatSync(dir).isDirectory()) continue;
      names = fs.readdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail(sub, err);
      continue;
    }
    for (const name of names) {
      const pid = sideFilePid(name);
      if (pid === null || alive(pid)) continue;
      const file = path.join(dir, name);
      const rel = path.join(sub, name);
      try {
        if (!fs.lstatSync(file).isFile()) continue;
        // unlink removes the name itself: were it swapped for a symlink since, the link goes, not its target.
        fs.unlinkSync(file);
        result.removed.push(rel);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail(rel, err);
      }
    }
  }
  return result;
}

/** `removeStaleSideFiles` at start: one `info` line if it removed any, a `warn` if something failed; never throws. */
export function sweepStaleSideFiles(dataDir: string, log: Logger): void {
  let result: SweepResult;
  try {
    result = removeStaleSideFiles(dataDir);
  } catch (err) {
    log.warn('could not look for temporary files left by a killed Hookbay', { dataDir, err });
    return;
  }
  const { removed, failed } = result;
  if (removed.length > 0) {
    log.info(`removed ${removed.length} temporary ${removed.length === 1 ? 'file' : 'files'} left by a killed Hookbay`, { dataDir, files: removed });
  }
  if (failed.length > 0) {
    log.warn('could not remove every temporary file left by a killed Hookbay', { dataDir, failed });
  }
}
