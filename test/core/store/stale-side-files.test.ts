/**
 * Side files a killed writer left (`<file>.<pid>-<8 hex>.tmp`, holding the API token or part of
 * an export) are removed when the core starts, on real files: only exact names, only of dead
 * pids, only regular files, and the start goes on whatever fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Hookbay } from '../../../src-main/core/hookbay';
import { sideFileOf, sideFilePid, writePrivateFile } from '../../../src-main/core/store/private-files';
import { removeStaleSideFiles } from '../../../src-main/core/store/stale-side-files';
import { writeExportFile } from '../../../src-main/core/transfer/export-file';
import { recordingLogger } from '../../support/logger';
import { tempDir } from '../../support/temp';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});
function fresh(): string {
  const t = tempDir();
  cleanups.push(() => t.remove());
  return t.dir;
}

/** The pid of a process that has run and been reaped: no process has it now (barring reuse within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.pid).toBeGreaterThan(0);
  expect(() => process.kill(child.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }) as Error);
  return child.pid;
}

/** A side file as a writer killed between write and rename leaves it. */
function leftBehind(file: string, pid: number, content = 'secret-content'): string {
  const side = sideFileOf(file, pid);
  fs.mkdirSync(path.dirname(side), { recursive: true });
  fs.writeFileSync(side, content, { mode: 0o600 });
  return side;
}

const ls = (dir: string) => fs.readdirSync(dir).sort();

describe('the side-file name shared by the writers and the sweep', () => {
  it('matches exactly what sideFileOf writes, and nothing like it', () => {
    expect(sideFilePid(path.basename(sideFileOf('/d/api-token', 4242)))).toBe(4242);
    expect(sideFilePid(path.basename(sideFileOf('/d/hookbay.lock')))).toBe(process.pid);
    for (const name of [
      'token.tmp',
      'x.123-zz.tmp',
      'x.123-abcdef0.tmp', // 7 hex
      'x.123-abcdef012.tmp', // 9 hex
      'x.123-ABCDEF01.tmp', // randomBytes(4).toString('hex') is lower case
      'x.123-abcdef01.tmp.bak',
      'x.123-abcdef01.TMP',
      '.123-abcdef01.tmp', // no file name before the pid
      'x.0-abcdef01.tmp', // pid 0 would signal our own process group
      'x.0123-abcdef01.tmp',
      'x.-1-abcdef01.tmp',
      'x.99999999999-abcdef01.tmp', // no such pid anywhere
      'hookbay.db',
      'hookbay.db-wal',
    ]) {
      expect(sideFilePid(name), name).toBeNull();
    }
  });

  it('is the name both writers use: a writer killed mid-write leaves a name the sweep knows', async () => {
    const dir = fresh();
    // Seen from inside each writer, while its side file exists.
    const seen: string[] = [];
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation((from) => {
      seen.push(path.basename(String(from)));
      throw Object.assign(new Error('killed'), { code: 'EIO' });
    });
    expect(() => writePrivateFile(path.join(dir, 'api-token'), 'tok')).toThrow('killed');
    spy.mockRestore();
    function* stall(): Generator<string> {
      yield '{"requests":[';
      seen.push(...fs.readdirSync(path.join(dir, 'exports')));
      throw new Error('killed');
    }
    fs.mkdirSync(path.join(dir, 'exports'));
    await expect(writeExportFile(stall(), path.join(dir, 'exports', 'a.har'))).rejects.toThrow('killed');
    expect(seen).toHaveLength(2);
    for (const name of seen) expect(sideFilePid(name), name).toBe(process.pid);
  });
});

describe('removeStaleSideFiles', () => {
  it("removes a dead writer's side files in the data directory and exports/, and nothing else", () => {
    const data = fresh();
    const outside = fresh();
    const dead = deadPid();
    const exports = path.join(data, 'exports');
    const gone = [
      leftBehind(path.join(data, 'api-token'), dead),
      leftBehind(path.join(data, 'hookbay.lock'), dead),
      leftBehind(path.join(exports, 'hookbay-2026-12-03-07-00-00.har'), dead),
    ];
    const kept = [
      leftBehind(path.join(data, 'api-token'), process.pid), // a live writer's
      leftBehind(path.join(exports, 'b.json'), process.pid),
      leftBehind(path.join(data, 'logs', 'x'), dead), // not a directory Hookbay writes whole files to
      path.join(data, 'token.tmp'),
      path.join(data, 'x.123-zz.tmp'),
      path.join(data, `x.${dead}-ABCDEF01.tmp`),
      path.join(exports, `x.${dead}-abcdef01.tmp.bak`),
    ];
    for (const f of kept.slice(3)) fs.writeFileSync(f, 'keep');
    // A directory and a symlink named like a dead writer's side file: not regular files.
    const dirLike = path.join(data, `dir.${dead}-abcdef01.tmp`);
    fs.mkdirSync(dirLike);
    fs.writeFileSync(path.join(dirLike, 'inside'), 'keep');
    const target = path.join(outside, 'target');
    fs.writeFileSync(target, 'keep');
    const linkLike = path.join(data, `link.${dead}-abcdef01.tmp`);
    fs.symlinkSync(target, linkLike);
    // A symlink to a file that is itself a dead writer's side file: the link stays, and so does what it points to.
    const outsideSide = leftBehind(path.join(outside, 'elsewhere'), dead);
    const linkToSide = path.join(exports, `e.${dead}-01234567.tmp`);
    fs.symlinkSync(outsideSide, linkToSide);

    const result = removeStaleSideFiles(data);

    expect(result.failed).toEqual([]);
    expect(result.removed.sort()).toEqual(gone.map((f) => path.relative(data, f)).sort());
    for (const f of gone) expect(fs.existsSync(f), f).toBe(false);
    for (const f of [...kept, dirLike, path.join(dirLike, 'inside'), target, outsideSide]) expect(fs.existsSync(f), f).toBe(true);
    expect(fs.lstatSync(linkLike).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(linkToSide).isSymbolicLink()).toBe(true);
  });

  it('does not enter an exports/ that is a symlink', () => {
    const data = fresh();
    const elsewhere = fresh();
    const stale = leftBehind(path.join(elsewhere, 'a.har'), deadPid());
    fs.symlinkSync(elsewhere, path.join(data, 'exports'));
    expect(removeStaleSideFiles(data)).toEqual({ removed: [], failed: [] });
    expect(fs.existsSync(stale)).toBe(true);
  });

  it('goes on past what it cannot read, and says what', () => {
    const data = fresh();
    const stale = leftBehind(path.join(data, 'api-token'), deadPid());
    fs.mkdirSync(path.join(data, 'exports'));
    const realReaddir = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, ...rest: unknown[]) => {
      if (String(dir).endsWith('exports')) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      return (realReaddir as (...a: unknown[]) => unknown)(dir, ...rest);
    }) as typeof fs.readdirSync);
    const result = removeStaleSideFiles(data);
    expect(result.failed).toEqual([{ path: 'exports', code: 'EIO' }]);
    expect(result.removed).toEqual([path.basename(stale)]);
    expect(fs.existsSync(stale)).toBe(false);
  });
});

describe('Hookbay.start sweeps the data directory', () => {
  async function start(dataDir: string) {
    const log = recordingLogger();
    const app = await Hookbay.start({ dataDir, receiverPort: 0, receiverHost: '127.0.0.1' }, { logger: log, restoreTunnel: false });
    cleanups.push(() => app.close());
    return { app, log };
  }

  it('removes side files of a dead pid, keeps a live one, and logs one info line with names, never contents', async () => {
    const data = fresh();
    const dead = deadPid();
    const token = leftBehind(path.join(data, 'api-token'), dead, 'TOKEN-SECRET-1234567890');
    const partial = leftBehind(path.join(data, 'exports', 'hookbay-x.json'), dead, '{"headers":{"authorization":"Bearer CAPTURED"');
    const live = leftBehind(path.join(data, 'hookbay.lock'), process.pid);

    const { log } = await start(data);

    expect(fs.existsSync(token)).toBe(false);
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    const lines = log.entries.filter((e) => /temporary file/.test(e.message));
    expect(lines.map((e) => [e.level, e.message])).toEqual([['info', 'removed 2 temporary files left by a killed Hookbay']]);
    expect(lines[0]!.fields).toEqual({
      dataDir: data,
      files: expect.arrayContaining([path.basename(token), path.join('exports', path.basename(partial))]) as unknown,
    });
    const logged = JSON.stringify(log.entries);
    expect(logged).not.toContain('TOKEN-SECRET');
    expect(logged).not.toContain('CAPTURED');
  });

  it('logs nothing about side files when there are none', async () => {
    const data = fresh();
    fs.writeFileSync(path.join(data, 'token.tmp'), 'keep');
    const { log } = await start(data);
    expect(log.entries.filter((e) => /temporary file/.test(e.message))).toEqual([]);
    expect(ls(data)).toContain('token.tmp');
  });

  // Root reads and enters any directory whatever its mode, so an unreadable exports/ cannot be
  // made for it; the test below makes the same failure with a stubbed readdir instead.
  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('starts when exports/ cannot be read (mode 000), with a warn line', async () => {
    const data = fresh();
    const stale = leftBehind(path.join(data, 'api-token'), deadPid());
    const exports = path.join(data, 'exports');
    leftBehind(path.join(exports, 'a.har'), deadPid());
    fs.chmodSync(exports, 0o000);
    cleanups.push(() => fs.chmodSync(exports, 0o700));
    const { app, log } = await start(data);
    expect(app.receiverPort).toBeGreaterThan(0);
    expect(fs.existsSync(stale)).toBe(false);
    expect(log.entries.filter((e) => e.level === 'warn' && /temporary file/.test(e.message))).toHaveLength(1);
  });

  it('starts when the sweep fails (exports/ unreadable, a side file that will not go), with a warn line', async () => {
    const data = fresh();
    const dead = deadPid();
    const stuck = leftBehind(path.join(data, 'hookbay.lock'), dead);
    leftBehind(path.join(data, 'exports', 'a.har'), dead);
    const realReaddir = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, ...rest: unknown[]) => {
      if (String(dir) === path.join(data, 'exports')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return (realReaddir as (...a: unknown[]) => unknown)(dir, ...rest);
    }) as typeof fs.readdirSync);
    const realUnlink = fs.unlinkSync;
    vi.spyOn(fs, 'unlinkSync').mockImplementation((p) => {
      if (String(p) === stuck) throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      realUnlink(p);
    });
    const { app, log } = await start(data);
    vi.restoreAllMocks();
    expect(app.receiverPort).toBeGreaterThan(0);
    const warns = log.entries.filter((e) => e.level === 'warn' && /temporary file/.test(e.message));
    expect(warns).toHaveLength(1);
    expect(warns[0]!.fields.failed).toEqual([
      { path: path.basename(stuck), code: 'EPERM' },
      { path: 'exports', code: 'EACCES' },
    ]);
  });
});
