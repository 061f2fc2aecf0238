import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary directory per test, removed afterwards by the caller's cleanup. */
export function tempDir(prefix = 'hookbay-test-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
