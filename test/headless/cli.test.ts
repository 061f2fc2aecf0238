import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
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
    [['--port', 'abc'], /--port: expected an integer, got "abc"/],
    [['--durability', 'fast'], /--durability: Invalid option/],
    [['--token', 'short'], /--token: token must be at least 16 characters/],
    [['--tunnel', '--subdomain', 'A B'], /--subdomain: subdomain must be/],
    [['--tunnel', '--tunnel-host', 'not a url'], /--tunnel-host: /],
  ])('rejects %j naming the flag', async (args, message) => {
    const r = await fails(['serve', '--data', tmp.dir, '--ui-port', '0', ...args]);
    expect(r.code).toBe(1);
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

  it('prints the receiver and an inspector URL carrying the token', async () => {
    const s = await startServe(tmp.dir);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/Inspector\s+http:\/\/127\.0\.0\.1:\d+\/\?token=serve-process-token-0123456789/);
  });
});
