import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCli, runCli, type CliProcess } from '../support/cli-process';
import { startServe } from '../support/serve-process';
import { startTarget, type TargetServer } from '../support/target-server';
import { tempDir } from '../support/temp';

const dirs: { remove(): void }[] = [];
const running: CliProcess[] = [];
const targets: TargetServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await Promise.all(targets.splice(0).map((t) => t.close()));
});
afterAll(() => dirs.forEach((d) => d.remove()));

function data(): string {
  const t = tempDir();
  dirs.push(t);
  return t.dir;
}

async function listen(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ p: CliProcess; receiver: string }> {
  const p = startCli(['listen', '--port', '0', '--ui-port', '0', '--data', data(), ...args], env);
  running.push(p);
  const json = args.includes('--json') || env.HOOKBAY_JSON;
  const m = await p.waitFor(json ? /"receiverUrl":"(http:\/\/[^"]+)"/ : /Receiver\s+(http:\/\/\S+?)\/<endpoint-slug>/);
  if (!json) await p.waitFor(/^Ready\.$/m);
  return { p, receiver: m[1]! };
}

async function target(status = 200): Promise<TargetServer> {
  const t = await startTarget((_req, res) => {
    res.writeHead(status);
    res.end('ok');
  });
  targets.push(t);
  return t;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('hookbay listen', () => {
  it('forwards a bare port to localhost, keeping path and query, and prints both lines', async () => {
    const t = await target();
    const { p, receiver } = await listen(['--forward-to', String(t.port)]);
    expect(p.stdout()).toMatch(/Forward\s+http:\/\/127\.0\.0\.1:\d+\/… → http:\/\/localhost:\d+\/…/);
    expect((await post(`${receiver}/webhooks/a?x=1`, { type: 'invoice.paid', id: 'evt_1' })).status).toBe(200);
    const [got] = await t.waitFor(1);
    expect(got!.url).toBe('/webhooks/a?x=1');
    expect(JSON.parse(got!.body.toString())).toEqual({ type: 'invoice.paid', id: 'evt_1' });
    await p.waitFor(/^--> POST \/webhooks\/a\?x=1 {2}invoice\.paid {2}\[unverified\] {2}#1$/m);
    await p.waitFor(new RegExp(`^<-- 200 http://localhost:${t.port}/webhooks/a\\?x=1 {2}\\d+ ms {2}#1$`, 'm'));
    // Plain text when stdout is not a terminal: no escape codes.
    expect(p.stdout()).not.toContain('\x1b[');
  });

  it('says why a delivery failed and when the next try is, then gives up', async () => {
    const t = await target(500);
    const { p, receiver } = await listen(['--forward-to', `${t.url}/hooks`]);
    await post(receiver, { type: 'x' });
    await p.waitFor(/^<-- 500 http:\/\/127\.0\.0\.1:\d+\/hooks {2}\d+ ms {2}#1 {2}http_5xx {2}retry 2 at \d\d:\d\d:\d\d \(in \d+ s\)$/m);
    await p.stop();
    // A refused connection names its class too.
    const closed = await target();
    const port = closed.port;
    await closed.close();
    targets.splice(targets.indexOf(closed), 1);
    const second = await listen(['--forward-to', String(port)]);
    await post(second.receiver, { type: 'x' });
    await second.p.waitFor(/^<-- ERR http:\/\/localhost:\d+\/ {2}(\d+ ms {2})?#1 {2}connection_refused.*retry 2 at/m);
  });

  it('forwards only the --events types (wildcards) but prints every request', async () => {
    const t = await target();
    const { p, receiver } = await listen(['--forward-to', String(t.port), '--events', 'invoice.*,customer.created']);
    for (const type of ['charge.failed', 'invoice.paid', 'customer.updated', 'customer.created', 'invoices.x']) await post(receiver, { type });
    await p.waitFor(/ #5\b/);
    await t.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.received.map((r) => JSON.parse(r.body.toString()).type)).toEqual(['invoice.paid', 'customer.created']);
    expect(p.stdout().match(/^--> /gm)).toHaveLength(5);
    expect(p.stdout()).toMatch(/^--> POST \/ {2}charge\.failed {2}\[unverified\] {2}#1 {2}\(not forwarded: --events invoice\.\*,customer\.created\)$/m);
    expect(p.stdout()).toMatch(/^--> POST \/ {2}invoice\.paid {2}\[unverified\] {2}#2$/m);
  });

  it('verifies with --verify/--secret (rotation) and reaches /<slug>/… with --slug', async () => {
    const t = await target();
    const { p, receiver } = await listen(['--forward-to', String(t.port), '--slug', 'gh', '--verify', 'github', '--secret', 'new-secret', '--secret', 'old-secret']);
    const crypto = await import('node:crypto');
    const body = JSON.stringify({ action: 'opened' });
    const sig = 'sha256=' + crypto.createHmac('sha256', 'old-secret').update(body).digest('hex');
    await fetch(`${receiver}/gh/events`, { method: 'POST', headers: { 'x-github-event': 'issues', 'x-hub-signature-256': sig }, body });
    await p.waitFor(/^--> POST \/gh\/events {2}issues {2}\[valid\] {2}#1$/m);
    const [got] = await t.waitFor(1);
    expect(got!.url).toBe('/events');
  });

  it('streams NDJSON with --json (and HOOKBAY_FORWARD_TO), one object per line', async () => {
    const t = await target();
    const { p, receiver } = await listen(['--json'], { HOOKBAY_FORWARD_TO: String(t.port) });
    await post(`${receiver}/x`, { type: 'invoice.paid' });
    await p.waitFor(/"type":"attempt"/);
    const records = p.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.type)).toEqual(['forwarding', 'ready', 'request', 'attempt']);
    expect(records[2]).toMatchObject({ id: 1, method: 'POST', path: '/x', eventType: 'invoice.paid', signature: 'unverified' });
    expect(records[3]).toMatchObject({ requestId: 1, status: 200, ok: true, state: 'delivered', url: `http://localhost:${t.port}/x` });
  });

  it('gives the endpoint its own targets back when it stops', async () => {
    const t = await target();
    const dir = data();
    const p = startCli(['listen', '--port', '0', '--ui-port', '0', '--data', dir, '--forward-to', String(t.port)]);
    running.push(p);
    await p.waitFor(/^Ready\.$/m);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    const s = await startServe(dir);
    try {
      const res = await fetch(`${s.apiUrl}/api/endpoints`, { headers: { authorization: `Bearer ${s.token}` } });
      const [endpoint] = (await res.json()) as { slug: string; forward: unknown[] }[];
      expect(endpoint).toMatchObject({ slug: 'default', forward: [] });
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('stops at once on a second Ctrl-C, while the clean stop still waits', async () => {
    const t = await target();
    const { p, receiver } = await listen(['--forward-to', String(t.port)]);
    // A sender in the middle of its body: the clean stop waits for it to finish.
    const { port } = new URL(receiver);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789');
    p.child.kill('SIGINT');
    while (!p.stderr().includes('Ctrl-C again')) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 300));
    expect(p.child.exitCode).toBe(null);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(130);
    expect(p.stderr()).toContain('Stopping now.');
    socket.destroy();
  });

  it.each([
    [[], /--forward-to is required/],
    [['--forward-to', '70000'], /--forward-to: port must be 1-65535/],
    [['--forward-to', 'ftp://x'], /only http and https/],
    [['--forward-to', '3000', '--secret', 's'], /--secret needs --verify/],
    [['--forward-to', '3000', '--verify', 'nope'], /--verify: unknown scheme "nope"/],
    [['--forward-to', '3000', '--bogus'], /Unknown option '--bogus'/],
    // Raised by the shared integer parsing, which knows no command: the hint still names listen.
    [['--forward-to', '3000', '--port', 'x'], /--port: expected a whole number, got "x"/],
  ])('exits 2 naming the flag for %j', async (args, message) => {
    const r = await runCli(['listen', '--data', data(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('hookbay listen --help');
  });
});
