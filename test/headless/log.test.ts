import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/core/service';
import { ApiServer } from '../../src-main/headless/api-server';
import { startHeadless } from '../../src-main/headless/serve';
import { CLI, ensureBuilt, startServe } from '../support/serve-process';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});
function data(): string {
  const t = tempDir();
  cleanups.push(() => t.remove());
  return t.dir;
}
const messagesOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

const SIGNING_SECRET = 'whsec_c2lnbmluZy1zZWNyZXQtZm9yLWxvZy10ZXN0';
const BEARER = 'Bearer sender-credential-9f8e7d6c5b4a';

describe('hookbay serve log file', () => {
  it('logs to <data>/logs/headless.log at the chosen level, 0600, and never the token or a secret', async () => {
    const dir = data();
    const s = await startServe(dir, ['--log-level', 'debug']);
    const auth = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${s.apiUrl}/api/endpoints`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Stripe', slug: 'stripe', verify: { scheme: 'stripe', secrets: [SIGNING_SECRET] } }),
    });
    expect(created.status).toBe(201);
    await fetch(`${s.receiverUrl}/stripe`, { method: 'POST', body: '{"type":"invoice.paid"}', headers: { authorization: BEARER, 'stripe-signature': 't=1,v1=00' } });
    await fetch(`${s.apiUrl}/api/requests?token=${s.token}`, { headers: auth });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);

    const file = path.join(dir, 'logs', 'headless.log');
    expect(s.output()).toContain(`Log        ${file}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    const messages = messagesOf(file);
    expect(messages[0]).toBe('starting');
    expect(messages).toContain('ready');
    expect(messages).toContain('call'); // debug lines are there at --log-level debug
    expect(messages.at(-1)).toBe('stopped');
    expect(text).not.toContain(s.token);
    expect(text).not.toContain(SIGNING_SECRET);
    expect(text).not.toContain('sender-credential');
  });

  it('takes the level from HOOKBAY_LOG_LEVEL, --log-level wins, and a bad level is refused naming the flag', async () => {
    const debugLines = async (args: string[], level: string | undefined) => {
      const dir = data();
      const saved = process.env.HOOKBAY_LOG_LEVEL;
      process.env.HOOKBAY_LOG_LEVEL = level ?? '';
      try {
        const s = await startServe(dir, args);
        await fetch(`${s.apiUrl}/api/health`, { headers: { authorization: `Bearer ${s.token}` } });
        s.child.kill('SIGTERM');
        await s.exited;
      } finally {
        if (saved === undefined) delete process.env.HOOKBAY_LOG_LEVEL;
        else process.env.HOOKBAY_LOG_LEVEL = saved;
      }
      return messagesOf(path.join(dir, 'logs', 'headless.log')).filter((m) => m === 'call').length;
    };
    expect(await debugLines([], undefined)).toBe(0); // info by default
    expect(await debugLines([], 'debug')).toBe(1);
    expect(await debugLines(['--log-level', 'info'], 'debug')).toBe(0);

    ensureBuilt();
    const refused = (args: string[], level?: string) =>
      run(process.execPath, [CLI, 'serve', '--data', data(), '--ui-port', '0', '--port', '0', ...args], {
        env: { ...process.env, HOOKBAY_LOG_LEVEL: level ?? '' },
      }).catch((e: { code: number; stderr: string }) => e);
    const expected = { code: 2, stderr: expect.stringMatching(/--log-level: Invalid option: expected one of "silent"\|"error"\|"warn"\|"info"\|"debug"/) };
    expect(await refused(['--log-level', 'loud'])).toMatchObject(expected);
    expect(await refused([], 'loud')).toMatchObject(expected);
  });

  it('answers an unexpected failure with a 500 naming the log file, which has the (redacted) error', async () => {
    const dir = data();
    const h = await startHeadless({ core: { dataDir: dir, receiverPort: 0 }, uiPort: 0, token: 'log-test-token-0123456789', rendererDir: null });
    cleanups.push(() => h.close());
    const handlers = createHandlers(h.app);
    const api = new ApiServer({
      handlers: { ...handlers, health: async () => Promise.reject(new Error(`cannot reach ${h.token} at https://u:pw@example.test`)) },
      events: h.app.events,
      token: h.token,
      rendererDir: null,
      logger: h.log,
    });
    const port = await api.listen(0);
    cleanups.push(() => api.close());
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: `Internal error; see the Hookbay log: ${h.log.file}.` } });
    await h.close();
    const text = fs.readFileSync(h.log.file, 'utf8');
    expect(text).toContain('"msg":"internal error"');
    expect(text).toContain('"operation":"health"');
    expect(text).toContain('cannot reach [redacted] at https://[redacted]@example.test');
    expect(text).not.toContain(h.token);
  });
});
