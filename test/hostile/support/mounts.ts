import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Mount {
  dir: string;
  remove(): void;
}

/** A size-limited tmpfs (needs root, as on CI); null where mounting is not allowed. */
export function tinyTmpfs(sizeBytes: number): Mount | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return { dir, remove: () => unmount(dir) };
}

/** A read-only view of `source` (a read-only bind mount: chmod does not stop root). */
export function readOnlyBind(source: string): Mount | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-ro-'));
  try {
    execFileSync('mount', ['--bind', source, dir], { stdio: 'pipe' });
    execFileSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'pipe' });
  } catch {
    unmount(dir);
    return null;
  }
  return { dir, remove: () => unmount(dir) };
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  } catch {
    /* not mounted */
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
