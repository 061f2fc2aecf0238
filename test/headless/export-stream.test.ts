/**
 * Issue 11: exporting ~40 requests of 10 MB answered 500 "Invalid string length" — the whole
 * document was one JSON.stringify, past V8's ~512 MiB string limit. Through the real HTTP API
 * and a real SQLite file, both exports now stream and parse back byte-exact.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { readJsonWithBigArray } from '../support/json-array-stream';
import { tempDir } from '../support/temp';

let h: Headless;
const tmp = tempDir();
const TOKEN = 'test-token-export-stream-0123';
const COUNT = 40;
const BODY_BYTES = 10 * 1024 * 1024 - 1024;
const digests = new Map<number, string>();
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
  // Random bytes are not UTF-8, so both formats carry them as base64 (~14 MB per request).
  const random = crypto.randomBytes(BODY_BYTES);
  for (let i = 0; i < COUNT; i++) {
    const body = Buffer.concat([Buffer.from(`#${i}#`), random.subarray(8)]);
    const res = await fetch(`${h.app.receiverUrl}/big`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(200);
    digests.set(Number(res.headers.get('x-hookbay-request-id')), sha(body));
  }
}, 300_000);

afterAll(async () => {
  await h.close();
  tmp.remove();
});

/** POSTs `body`, streams the answer into `readJsonWithBigArray`, and times a health check sent meanwhile. */
function exportThrough(path: string, key: string, onItem: (item: unknown) => void): Promise<{ status: number; skeleton: unknown; healthMs: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${h.apiUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } }, (res) => {
      const started = Date.now();
      const health = fetch(`${h.apiUrl}/api/health`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then(() => Date.now() - started);
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(new Error(`${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`)));
        return;
      }
      readJsonWithBigArray(res, key, onItem)
        .then(async (skeleton) => resolve({ status: res.statusCode!, skeleton, healthMs: await health }))
        .catch(reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ ids: [...digests.keys()] }));
  });
}

describe('export of any size through the HTTP API', () => {
  it(`Hookbay JSON: ${COUNT} requests of 10 MB parse back byte-exact`, async () => {
    const seen = new Map<number, string>();
    const r = await exportThrough('/api/export/json', 'requests', (item) => {
      const d = item as { id: number; bodyBase64: string };
      seen.set(d.id, sha(Buffer.from(d.bodyBase64, 'base64')));
    });
    expect(r.skeleton).toEqual({ requests: [] });
    expect(seen).toEqual(digests);
    expect(r.healthMs).toBeLessThan(1000);
  }, 300_000);

  it(`HAR 1.2: ${COUNT} requests of 10 MB parse back byte-exact`, async () => {
    const seen = new Map<number, string>();
    const r = await exportThrough('/api/export/har', 'entries', (item) => {
      const e = item as { _hookbay: { id: number }; request: { postData: { text: string; encoding?: string } } };
      expect(e.request.postData.encoding).toBe('base64');
      seen.set(e._hookbay.id, sha(Buffer.from(e.request.postData.text, 'base64')));
    });
    expect(r.skeleton).toMatchObject({ log: { version: '1.2', creator: { name: 'Hookbay' }, pages: [], entries: [] } });
    expect(seen).toEqual(digests);
    expect(r.healthMs).toBeLessThan(1000);
  }, 300_000);

  it('bad input is still a 400 naming the field', async () => {
    const res = await fetch(`${h.apiUrl}/api/export/json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: ['x'] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });
});
