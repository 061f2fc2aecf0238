import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { tempDir } from '../support/temp';

// Issue 11 item 6: a --data directory that already existed with 0755 got hookbay.db-wal and
// -shm at 0644 under the usual umask 022, and the WAL holds secrets and captured
// Authorization headers in clear.

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

/** Every file and directory under `dir`, with its mode. */
function modes(dir: string): Map<string, number> {
  const out = new Map<string, number>([['.', modeOf(dir)]]);
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      out.set(path.relative(dir, full), modeOf(full));
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

let running: Headless | null = null;
let previousUmask: number | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await running?.close();
  running = null;
  if (previousUmask !== null) process.umask(previousUmask);
  previousUmask = null;
  for (const c of cleanups.splice(0)) c();
});

async function exercise(dataDir: string): Promise<Headless> {
  const headless = await startHeadless({ core: { dataDir, receiverPort: 0 }, uiPort: 0, logLevel: 'info' });
  running = headless;
  // A capture with a credential, so the WAL really holds one.
  const res = await fetch(`${headless.app.receiverUrl}/`, { method: 'POST', headers: { authorization: 'Bearer sender-secret' }, body: '{}' });
  expect(res.status).toBe(200);
  return headless;
}

describe('the data directory is private by construction', () => {
  it('keeps every file 0600 and tightens a pre-existing 0755 directory to 0700 under umask 022', async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const dataDir = path.join(tmp.dir, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    previousUmask = process.umask(0o022);

    const headless = await exercise(dataDir);
    const seen = modes(dataDir);
    for (const f of ['hookbay.db', 'hookbay.db-wal', 'hookbay.db-shm', 'api-token', 'logs/headless.log']) {
      expect(seen.has(f), `${f} exists`).toBe(true);
    }
    const loose = [...seen].filter(([name, mode]) => {
      const isDir = fs.statSync(path.join(dataDir, name)).isDirectory();
      return mode !== (isDir ? 0o700 : 0o600);
    });
    expect(loose.map(([n, m]) => `${n} ${m.toString(8)}`)).toEqual([]);
    await headless.log.close().catch(() => undefined);
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'headless.log'), 'utf8');
    expect(log).toMatch(/data directory was readable by others \(0755\); tightened to 0700/);
  });

  it('tightens files an older version left readable (0644 database, WAL and token)', async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const dataDir = tmp.dir;
    previousUmask = process.umask(0o022);
    await exercise(dataDir);
    await running!.close();
    running = null;
    for (const f of ['hookbay.db', 'api-token']) fs.chmodSync(path.join(dataDir, f), 0o644);

    await exercise(dataDir);
    const loose = [...modes(dataDir)].filter(([name, mode]) => {
      const isDir = fs.statSync(path.join(dataDir, name)).isDirectory();
      return mode !== (isDir ? 0o700 : 0o600);
    });
    expect(loose.map(([n, m]) => `${n} ${m.toString(8)}`)).toEqual([]);
  });
});
