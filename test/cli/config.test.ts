import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readLock } from '../../src-main/headless/lock-file';
import { runCli, startCli, type CliProcess } from '../support/cli-process';
import { tempDir } from '../support/temp';

const tmp = tempDir();
afterAll(() => tmp.remove());
const running: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

let n = 0;
function workspace(config: unknown): { dir: string; file: string; data: string } {
  const dir = path.join(tmp.dir, `ws${++n}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'hookbay.config.json');
  fs.writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return { dir, file, data: path.join(dir, 'data') };
}

const github = (secret: string, slug = 'gh') => ({ name: 'GitHub', slug, verify: { scheme: 'github', secrets: [secret] } });
const sign = (secret: string, body: string) => 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');

async function serve(ws: { dir: string; data: string }, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ p: CliProcess; receiver: string }> {
  const p = startCli(['serve', '--json', '--port', '0', '--ui-port', '0', '--data', ws.data, ...args], env, ws.dir);
  running.push(p);
  const m = await p.waitFor(/"type":"ready".*"receiverUrl":"([^"]+)"/);
  return { p, receiver: m[1]! };
}

async function sendSigned(receiver: string, slug: string, secret: string): Promise<void> {
  const body = JSON.stringify({ action: 'opened', n: ++n });
  await fetch(`${receiver}/${slug}`, { method: 'POST', headers: { 'x-github-event': 'issues', 'x-hub-signature-256': sign(secret, body) }, body });
}

describe('endpoints as code', () => {
  it('applies ./hookbay.config.json at start, with env: secrets', async () => {
    const ws = workspace({ endpoints: [github('env:GH_SECRET')] });
    const { p, receiver } = await serve(ws, [], { GH_SECRET: 'from-the-environment' });
    expect(p.stdout()).toMatch(/"type":"config","file":"[^"]*hookbay\.config\.json","endpoints":\["gh"\],"created":\["gh"\]/);
    await sendSigned(receiver, 'gh', 'from-the-environment');
    await p.waitFor(/"type":"request","id":1,"endpoint":"gh".*"signature":"valid"/);
  });

  it('applies the file again when it changes (HOOKBAY_CONFIG), and keeps the last good one when the change is bad', async () => {
    const ws = workspace({ endpoints: [github('first-secret')] });
    const elsewhere = path.join(ws.dir, 'endpoints.json');
    fs.renameSync(ws.file, elsewhere);
    const { p, receiver } = await serve(ws, [], { HOOKBAY_CONFIG: elsewhere });
    // Saved the way editors do: a new file renamed over the old one.
    fs.writeFileSync(elsewhere + '.tmp', JSON.stringify({ endpoints: [github('second-secret'), { name: 'Shop', slug: 'shop' }] }));
    fs.renameSync(elsewhere + '.tmp', elsewhere);
    await p.waitFor(/"type":"config".*"created":\["shop"\],"updated":\["gh"\]/);
    await sendSigned(receiver, 'gh', 'second-secret');
    await p.waitFor(/"type":"request","id":1,"endpoint":"gh".*"signature":"valid"/);
    fs.writeFileSync(elsewhere, JSON.stringify({ endpoints: [{ name: 'GitHub', slug: 'gh', forward: [{ url: 'not a url' }] }] }));
    await p.waitFor(/"type":"config".*"error":"[^"]*endpoints\.json: endpoints\[0\]\.forward\[0\]\.url: /);
    while (!p.stderr().includes('config not applied, keeping the previous settings')) await new Promise((r) => setTimeout(r, 10));
    await sendSigned(receiver, 'gh', 'second-secret');
    await p.waitFor(/"type":"request","id":2,"endpoint":"gh".*"signature":"valid"/);
  });

  it('marks the endpoints the file declares as managed by it, and no others, while it applies the file', async () => {
    const ws = workspace({ endpoints: [github('s1'), { name: 'Shop', slug: 'shop' }] });
    const { p } = await serve(ws);
    const lock = readLock(ws.data)!;
    const api = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${lock.apiUrl}/api${route}`, {
        method,
        headers: { authorization: `Bearer ${lock.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(res.ok).toBe(true);
      return (await res.json()) as unknown;
    };
    await api('POST', '/endpoints', { name: 'By hand', slug: 'manual' });
    const managed = async () =>
      Object.fromEntries(((await api('GET', '/endpoints')) as { slug: string; managedBy: unknown }[]).map((e) => [e.slug, e.managedBy]));
    const byFile = { kind: 'config', file: ws.file };
    expect(await managed()).toEqual({ default: null, gh: byFile, shop: byFile, manual: null });
    // Dropped from the file: no longer the file's (the endpoint itself stays).
    fs.writeFileSync(ws.file, JSON.stringify({ endpoints: [github('s1')] }));
    await p.waitFor(/"type":"config".*"endpoints":\["gh"\],/);
    expect(await managed()).toEqual({ default: null, gh: byFile, shop: null, manual: null });
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    // The same data without the file (as the desktop app would open it): no claim.
    await serve({ dir: tmp.dir, data: ws.data });
    const reopened = readLock(ws.data)!;
    const res = await fetch(`${reopened.apiUrl}/api/endpoints`, { headers: { authorization: `Bearer ${reopened.token}` } });
    const list = (await res.json()) as { slug: string; managedBy: unknown }[];
    expect(Object.fromEntries(list.map((e) => [e.slug, e.managedBy]))).toEqual({ default: null, gh: null, shop: null, manual: null });
  });

  it.each([
    ['an unknown field', { endpoints: [{ name: 'A', slug: 'a', forwrd: [] }] }, /hookbay\.config\.json: endpoints\[0\]: Unrecognized key: "forwrd"/],
    ['a bad URL', { endpoints: [{ name: 'A', slug: 'a', forward: [{ url: 'nope' }] }] }, /hookbay\.config\.json: endpoints\[0\]\.forward\[0\]\.url: must be an absolute http:\/\/ or https:\/\/ URL/],
    ['a bad slug', { endpoints: [{ name: 'A', slug: 'Not OK' }] }, /endpoints\[0\]\.slug: slug must be/],
    ['a missing variable', { endpoints: [github('env:HOOKBAY_TEST_UNSET_VAR')] }, /endpoints\[0\]\.verify\.secrets\[0\]: environment variable HOOKBAY_TEST_UNSET_VAR is not set/],
    ['an unknown scheme', { endpoints: [{ name: 'A', slug: 'a', verify: { scheme: 'nope', secrets: [] } }] }, /endpoints\[0\]\.verify\.scheme: unknown scheme "nope"/],
    ['a slug declared twice', { endpoints: [{ name: 'A', slug: 'a' }, { name: 'B', slug: 'a' }] }, /endpoints\[1\]\.slug: "a" is already declared by endpoints\[0\]/],
    ['no endpoints list', { endpoint: [] }, /hookbay\.config\.json: endpoints: /],
    ['broken JSON', '{\n  "endpoints": [\n    { "name": "A", }\n  ]\n}', /hookbay\.config\.json: not valid JSON \(line 3, column \d+\)/],
  ])('refuses %s at start, naming file, JSON path and field (exit 2)', async (_what, config, message) => {
    const ws = workspace(config);
    const r = await runCli(['serve', '--port', '0', '--ui-port', '0', '--data', ws.data], {}, ws.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(ws.data)).toBe(false);
  });

  it('listen keeps its forward on top of the file, and restores the targets of the file at exit', async () => {
    const ws = workspace({ endpoints: [{ name: 'Shop', slug: 'shop', forward: [{ url: 'http://127.0.0.1:9/declared' }] }] });
    const p = startCli(['listen', '--json', '--forward-to', '9', '--slug', 'shop', '--port', '0', '--ui-port', '0', '--data', ws.data], {}, ws.dir);
    running.push(p);
    await p.waitFor(/"type":"ready"/);
    fs.writeFileSync(ws.file, JSON.stringify({ endpoints: [{ name: 'Shop', slug: 'shop', forward: [{ url: 'http://127.0.0.1:9/changed' }] }] }));
    await p.waitFor(/"type":"config".*"updated":\["shop"\]/);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    const again = await serve({ dir: tmp.dir, data: ws.data }, ['--config', ws.file]);
    // Nothing to change: the file's target is what listen put back.
    expect(again.p.stdout()).toMatch(/"type":"config".*"created":\[\],"updated":\[\]/);
  });
});
