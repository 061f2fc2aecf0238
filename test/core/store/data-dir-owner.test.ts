import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { DataDirOwned, DataDirOwnership, OWNER_INFO_FILE, OWNER_LOCK_FILE, readOwner } from '../../../src-main/core/store/data-dir-owner';
import { recordingLogger } from '../../support/logger';
import { kill, spawnRelayChild, type RelayChild } from '../../support/spawn-relay-child';
import { tempDir } from '../../support/temp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function dataDir(): string {
  const tmp = tempDir();
  cleanups.push(() => tmp.remove());
  return tmp.dir;
}

function refusal(fn: () => unknown): DataDirOwned {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataDirOwned) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('DataDirOwnership', () => {
  it('lets one holder have a directory at a time, and the next take it once released', () => {
    const dir = dataDir();
    const first = DataDirOwnership.acquire(dir, 'hookbay serve');
    first.describe({ apiUrl: 'http://127.0.0.1:8788' });
    const refused = refusal(() => DataDirOwnership.acquire(dir, 'the desktop app'));
    expect(refused.code).toBe('data_dir_owned');
    expect(refused.owner).toEqual({ pid: process.pid, command: 'hookbay serve', apiUrl: 'http://127.0.0.1:8788' });
    expect(refused.message).toBe(
      `another Hookbay (hookbay serve, pid ${process.pid}, API http://127.0.0.1:8788) is using ${dir}; stop it first, or use another data directory`,
    );
    first.release();
    expect(fs.existsSync(path.join(dir, OWNER_INFO_FILE))).toBe(false);
    const second = DataDirOwnership.acquire(dir, 'the desktop app');
    expect(readOwner(dir)).toEqual({ pid: process.pid, command: 'the desktop app' });
    second.release();
  });

  it('keeps its files private (0600)', () => {
    const dir = dataDir();
    const held = DataDirOwnership.acquire(dir, 'hookbay serve');
    cleanups.push(() => held.release());
    for (const name of [OWNER_LOCK_FILE, `${OWNER_LOCK_FILE}-journal`, OWNER_INFO_FILE]) expect(fs.statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('says "pid unknown" rather than name a dead process a killed owner described', () => {
    const dir = dataDir();
    const held = DataDirOwnership.acquire(dir, 'hookbay serve');
    cleanups.push(() => held.release());
    // A description left by a killed owner, not yet replaced by the live one's.
    fs.writeFileSync(path.join(dir, OWNER_INFO_FILE), JSON.stringify({ pid: 2 ** 22 + 1, command: 'hookbay listen' }));
    expect(refusal(() => DataDirOwnership.acquire(dir, 'x')).message).toMatch(/^another Hookbay \(pid unknown\) is using/);
  });

  it('is released by the kernel when its process is killed with SIGKILL: the next start takes it', async () => {
    const dir = dataDir();
    const child: RelayChild = await spawnRelayChild(dir, 'http://127.0.0.1:9', 100);
    cleanups.push(() => kill(child));
    const refused = refusal(() => DataDirOwnership.acquire(dir, 'hookbay serve'));
    expect(refused.owner).toEqual({ pid: child.process.pid, command: 'a Hookbay core' });

    await kill(child);
    // No clean-up ran in the child: its description is still there, the lock is not.
    expect(JSON.parse(fs.readFileSync(path.join(dir, OWNER_INFO_FILE), 'utf8'))).toMatchObject({ pid: child.process.pid });
    const taken = DataDirOwnership.acquire(dir, 'hookbay serve');
    expect(readOwner(dir)).toEqual({ pid: process.pid, command: 'hookbay serve' });
    taken.release();
  });
});

describe('Hookbay.start on an owned data directory', () => {
  it('refuses to start the relay; a reading opener (resumeRelay false) opens beside the owner and marks nothing', async () => {
    const dir = dataDir();
    const owner = await Hookbay.start({ dataDir: dir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger(), command: 'hookbay serve' });
    cleanups.push(() => owner.close());
    await expect(Hookbay.start({ dataDir: dir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger(), mode: 'desktop' })).rejects.toMatchObject({
      code: 'data_dir_owned',
      message: expect.stringMatching(/another Hookbay \(hookbay serve, pid \d+\) is using/) as unknown,
    });
    const reader = await Hookbay.start({ dataDir: dir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger(), resumeRelay: false, restoreTunnel: false });
    expect(reader.ownership).toBeNull();
    expect(reader.relay.paused).toBe(true);
    await reader.close();
    // The reader's close gave up nothing it did not have.
    expect(() => DataDirOwnership.acquire(dir, 'x')).toThrow(DataDirOwned);
    await owner.close();
    cleanups.pop();
    const next = await Hookbay.start({ dataDir: dir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger() });
    expect(next.ownership?.owner.command).toBe('a Hookbay core');
    await next.close();
  });

  it('gives the directory back when its start fails after taking it (a taken receiver port)', async () => {
    const dir = dataDir();
    const other = await Hookbay.start({ dataDir: dataDir(), receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: recordingLogger() });
    cleanups.push(() => other.close());
    await expect(Hookbay.start({ dataDir: dir, receiverPort: other.receiverPort, receiverHost: '127.0.0.1' }, { logger: recordingLogger() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    DataDirOwnership.acquire(dir, 'x').release();
  });
});

describe('DataDirOwnership on a damaged lock file', () => {
  it('says which file and what to do, rather than a bare SQLite error', () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, OWNER_LOCK_FILE), 'not a database, but long enough to have a header: '.repeat(4));
    expect(() => DataDirOwnership.acquire(dir, 'x')).toThrow(`${path.join(dir, OWNER_LOCK_FILE)} is damaged (SQLITE_NOTADB); with no Hookbay running on ${dir}, delete it and start again`);
  });
});
