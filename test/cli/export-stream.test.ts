/**
 * `hookbay export` streams: the document is never one string in the CLI. Checked structurally —
 * the CLI runs with a V8 heap (64 MB) smaller than the export (~110 MB), which a CLI holding the
 * document as one string or one parsed value cannot survive — and the file must equal, byte for
 * byte, what the HTTP API streams for the same selection.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempDir } from '../support/temp';

const tmp = tempDir();
const DATA = path.join(tmp.dir, 'data');
const REQUESTS = 40;
const BODY_BYTES = 2 * 1024 * 1024;
/** Smaller than the export, larger than what streaming one request at a time needs. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=64' };

let serve: ServeProcess | null = null;
/** What the API streamed for the JSON export of everything, taken while the serve ran. */
let apiJson: Buffer;

async function apiExport(s: ServeProcess, format: 'har' | 'json', body: unknown): Promise<Buffer> {
  const res = await fetch(`${s.apiUrl}/api/export/${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** No side files left beside the exports, and every export private. */
function expectTidy(): void {
  const names = fs.readdirSync(tmp.dir).filter((n) => n !== 'data');
  expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  for (const n of names) expect(fs.statSync(path.join(tmp.dir, n)).mode & 0o777, n).toBe(0o600);
}

beforeAll(async () => {
  serve = await startServe(DATA);
  for (let i = 0; i < REQUESTS; i++) {
    // Random bytes: stored byte-exact, exported as base64 (~2.7 MB each in the document).
    const res = await fetch(`${serve.receiverUrl}/big/${i}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: crypto.randomBytes(BODY_BYTES) });
    expect(res.status).toBeLessThan(300);
  }
  await fetch(`${serve.receiverUrl}/small`, { method: 'POST', body: '{"type":"tiny"}' });
  apiJson = await apiExport(serve, 'json', { filter: {} });
}, 120_000);

afterAll(async () => {
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
  tmp.remove();
});

describe('hookbay export streams whatever the size', () => {
  it('beside a running serve: writes what the API streams, byte for byte, in a heap smaller than the export', async () => {
    const file = path.join(tmp.dir, 'all.har');
    const r = await runCli(['export', '--har', file, '--data', DATA], SMALL_HEAP);
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    const written = fs.readFileSync(file);
    expect(written.length).toBeGreaterThan(100 * 1024 * 1024);
    expect(written.equals(await apiExport(serve!, 'har', { filter: {} }))).toBe(true);
    expect(r.stderr).toContain(`Wrote ${written.length} bytes to ${file}.`);

    const some = path.join(tmp.dir, 'some.json');
    const s = await runCli(['export', '--json-file', some, 'small', '--data', DATA], SMALL_HEAP);
    expect(s.code, s.stderr).toBe(0);
    expect(fs.readFileSync(some).equals(await apiExport(serve!, 'json', { filter: { q: 'small' } }))).toBe(true);
    expectTidy();
  }, 120_000);

  it('on a bare data directory: the same bytes from the stored requests, in the same small heap', async () => {
    serve!.child.kill('SIGTERM');
    await serve!.exited;
    const file = path.join(tmp.dir, 'direct.json');
    const r = await runCli(['export', '--json-file', file, '--data', DATA], SMALL_HEAP);
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    expect(fs.readFileSync(file).equals(apiJson)).toBe(true);
    // HAR to standard output: streamed too (the origin differs from the serve's, so not compared).
    const out = await runCli(['export', '--har', '-', 'small', '--data', DATA], SMALL_HEAP);
    expect(out.code, out.stderr).toBe(0);
    expect((JSON.parse(out.stdout) as { log: { entries: { request: { url: string } }[] } }).log.entries.map((e) => new URL(e.request.url).pathname)).toEqual(['/small']);
    expectTidy();
  }, 120_000);

  it('refuses a selection the contract refuses before creating anything', async () => {
    const file = path.join(tmp.dir, 'never.har');
    const r = await runCli(['export', '--har', file, '--json-file', `${file}.json`, '--data', DATA]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(file)).toBe(false);
  });
});
