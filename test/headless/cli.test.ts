import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { installedElectron } from '../../bin/electron-binary.cjs';
import { CLI, ensureBuilt, startServe } from '../support/serve-process';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const tmp = tempDir();
afterAll(() => tmp.remove());

async function fails(args: string[]): Promise<{ code: number; stderr: string }> {
  ensureBuilt();
  try {
    await run(process.execPath, [CLI, ...args]);
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('hookbay serve', () => {
  it.each([
    [['--port', '99999'], /--port: Too big/],
    [['--port', 'abc'], /--port: expected a whole number, got "abc"/],
    [['--durability', 'fast'], /--durability: Invalid option/],
    [['--token', 'short'], /--token: token must be at least 16 characters/],
    [['--tunnel', '--subdomain', 'A B'], /--subdomain: subdomain must be/],
    [['--tunnel', '--tunnel-host', 'not a url'], /--tunnel-host: /],
  ])('rejects %j naming the flag, as a usage error (exit 2)', async (args, message) => {
    const r = await fails(['serve', '--data', tmp.dir, '--ui-port', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('says clearly when a port is taken', async () => {
    const first = await startServe(tmp.dir);
    const port = new URL(first.receiverUrl).port;
    const r = await fails(['serve', '--data', tempDir().dir, '--port', port, '--ui-port', '0']);
    first.child.kill('SIGTERM');
    await first.exited;
    expect(r.stderr).toMatch(new RegExp(`port ${port} is already in use`));
  });

  it('says clearly when another Hookbay has the data directory, and leaves it running and its lock in place', async () => {
    const dir = path.join(tmp.dir, 'owned');
    const first = await startServe(dir);
    const lock = fs.readFileSync(path.join(dir, 'hookbay.lock'), 'utf8');
    const r = await fails(['serve', '--data', dir, '--port', '0', '--ui-port', '0']);
    // Still serving: the refused one stopped before it opened anything of the first one's.
    const health = await fetch(`${first.apiUrl}/api/health`, { headers: { authorization: `Bearer ${first.token}` } });
    const lockAfter = fs.readFileSync(path.join(dir, 'hookbay.lock'), 'utf8');
    const logged = fs.readFileSync(path.join(dir, 'logs/headless.log'), 'utf8');
    first.child.kill('SIGTERM');
    await first.exited;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`hookbay: another Hookbay (hookbay serve, pid ${first.child.pid}, API ${first.apiUrl}) is using ${dir}; stop it or pass --data DIR\n`);
    expect(health.status).toBe(200);
    expect(lockAfter).toBe(lock);
    expect(logged.match(/"starting"/g)).toHaveLength(1);
  });

  it('prints the receiver and an inspector URL carrying the token', async () => {
    const s = await startServe(tmp.dir);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/Inspector\s+http:\/\/127\.0\.0\.1:\d+\/\?token=serve-process-token-0123456789/);
  });
});

describe('bin/hookbay.cjs without arguments (the desktop app)', () => {
  const root = path.join(__dirname, '../..');
  const electron = installedElectron(root);
  // Where Electron's binary is installed the launcher opens the app instead: nothing to check there.
  it.skipIf('path' in electron)('says how to get Electron, without a stack trace or a download, when its binary is missing', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/hookbay.cjs')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("the desktop app needs Electron, but Electron's binary has not been downloaded");
    expect(r.stderr).toContain('npx install-electron --no');
    expect(r.stderr).toContain('hookbay serve');
    expect(r.stdout).not.toContain('Downloading Electron');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
