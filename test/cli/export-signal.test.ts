/**
 * `hookbay export FILE` stopped by a signal mid-export leaves no side file beside FILE. The side
 * file holds captured headers and bodies in clear and sits wherever the user pointed, where no
 * later start sweeps; Node's default for SIGINT/SIGTERM is to die at once, which left it for good.
 *
 * The CLI finds the running Hookbay through the data directory's lock; here the lock points at a
 * stand-in API that sends the start of an export and then holds the response open, so the
 * signal lands mid-export every time, not by a race with a fast export.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLock } from '../../src-main/headless/lock-file';
import { startCli } from '../support/cli-process';
import { tempDir } from '../support/temp';

const tmp = tempDir();
const DATA = path.join(tmp.dir, 'data');
const TOKEN = 'stand-in-api-token-0123456789';
let server: http.Server;
/** Responses held open, ended after each test. */
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/export/json' || req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    // Past the CLI's first write, so the side file has captured content in it when the signal comes.
    res.write(`{"requests":[{"id":1,"headers":[["authorization","Bearer CAPTURED"]],"body":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The test process is the lock's live pid.
  writeLock(DATA, { pid: process.pid, apiUrl, receiverUrl: 'http://127.0.0.1:9', token: TOKEN, version: 'test' });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((resolve) => server.close(resolve));
  tmp.remove();
});

/** Resolves with the side file's name once it exists with content in it. */
async function sideFileWritten(dir: string, deadline = Date.now() + 20_000): Promise<string> {
  for (;;) {
    const side = fs.readdirSync(dir).find((n) => n.endsWith('.tmp'));
    if (side && fs.statSync(path.join(dir, side)).size > 0) return side;
    if (Date.now() > deadline) throw new Error(`no side file written in ${dir}: ${fs.readdirSync(dir).join(', ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('hookbay export stopped by a signal', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} mid-export removes the side file, leaves FILE as it was and exits ${code}`, async () => {
      const out = path.join(tmp.dir, `out-${signal}`);
      fs.mkdirSync(out);
      const file = path.join(out, 'all.json');
      fs.writeFileSync(file, 'an earlier export');
      const cli = startCli(['export', '--json-file', file, '--data', DATA]);
      const side = await sideFileWritten(out);
      expect(fs.readFileSync(path.join(out, side), 'utf8')).toContain('Bearer CAPTURED');
      cli.child.kill(signal);
      const exitCode = await cli.exited;
      expect(fs.readdirSync(out)).toEqual(['all.json']);
      expect(exitCode).toBe(code);
      expect(fs.readFileSync(file, 'utf8')).toBe('an earlier export');
      expect(cli.stderr()).toContain(`${signal}: export stopped`);
    }, 30_000);
  }
});
