/**
 * Issue 11: a 64 MiB HAR import blocked the process 78 s at 4.3 GB — every entry was queued at
 * once and written in one transaction. Through the real HTTP API and a real SQLite file, an
 * import close to the size limit keeps health answering within 1 s, reports `job.progress`,
 * and stores every entry; past the limits it is a clear 400 (the 64 MiB body limit's 413 is
 * tested in test/hostile/api-abuse.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookbayEvent } from '../../src-main/contract/events';
import { createHandlers } from '../../src-main/core/service';
import { callOperation } from '../../src-main/core/transport';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { tempDir } from '../support/temp';

let h: Headless;
const tmp = tempDir();
const TOKEN = 'test-token-import-0123456789ab';
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
});

afterAll(async () => {
  await h.close();
  tmp.remove();
});

/** A HAR of `count` JSON POSTs of about `bodyBytes` each. */
function har(count: number, bodyBytes: number): Record<string, unknown> {
  const filler = 'y'.repeat(bodyBytes);
  const entries = Array.from({ length: count }, (_, i) => ({
    startedDateTime: new Date(1_764_000_000_000 + i).toISOString(),
    request: {
      method: 'POST',
      url: `https://hooks.example.com/imported/${i}?n=${i}`,
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'X-Event-Id', value: `evt_${i}` },
      ],
      postData: { mimeType: 'application/json', text: JSON.stringify({ id: `evt_${i}`, type: 'invoice.paid', filler }) },
    },
    response: { status: 200 },
  }));
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } };
}

async function healthMs(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${h.apiUrl}/api/health`, { headers: auth });
  expect(res.status).toBe(200);
  return performance.now() - started;
}

describe('HAR import', () => {
  it('imports ~60 MB of entries in slices: health within 1 s throughout, progress to the end, every entry stored', async () => {
    const COUNT = 18_000;
    const body = JSON.stringify({ har: har(COUNT, 3300), endpoint: 'default' });
    expect(body.length).toBeGreaterThan(56 * 1024 * 1024);
    expect(body.length).toBeLessThan(64 * 1024 * 1024);
    const progress: Extract<HookbayEvent, { type: 'job.progress' }>[] = [];
    const unsubscribe = h.app.events.subscribe((e) => {
      if (e.type === 'job.progress') progress.push(e);
    });
    let finished = false;
    const imported = fetch(`${h.apiUrl}/api/import/har`, { method: 'POST', headers: auth, body }).then(async (res) => {
      finished = true;
      return { status: res.status, json: (await res.json()) as { imported: number; ids: number[] } };
    });
    const waits: number[] = [];
    while (!finished) {
      waits.push(await healthMs());
      await new Promise((r) => setTimeout(r, 50));
    }
    unsubscribe();
    const r = await imported;
    expect(r.status).toBe(201);
    expect(r.json.imported).toBe(COUNT);
    expect(new Set(r.json.ids).size).toBe(COUNT);
    expect(progress.at(-1)).toMatchObject({ job: 'import', done: COUNT, total: COUNT });
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThan(1000);
    const facets = (await (await fetch(`${h.apiUrl}/api/requests?endpoint=default&limit=1`, { headers: auth })).json()) as { items: { path: string }[] };
    expect(facets.items[0]!.path).toMatch(/imported\/17999$/);
  }, 300_000);

  it('~150,000 small entries: health within 1 s while the body is parsed and stored, progress to the end', async () => {
    const COUNT = 150_000;
    const entries = Array.from({ length: COUNT }, (_, i) => ({ request: { method: 'POST', url: `https://h.example.com/small/${i}`, headers: [] } }));
    const body = JSON.stringify({ har: { log: { entries } } });
    const progress: Extract<HookbayEvent, { type: 'job.progress' }>[] = [];
    const unsubscribe = h.app.events.subscribe((e) => {
      if (e.type === 'job.progress') progress.push(e);
    });
    let finished = false;
    const imported = fetch(`${h.apiUrl}/api/import/har`, { method: 'POST', headers: auth, body }).then(async (res) => {
      finished = true;
      return { status: res.status, json: (await res.json()) as { imported: number } };
    });
    const waits: number[] = [];
    while (!finished) {
      waits.push(await healthMs());
      await new Promise((r) => setTimeout(r, 50));
    }
    unsubscribe();
    expect(await imported).toEqual({ status: 201, json: expect.objectContaining({ imported: COUNT }) });
    expect(progress.at(-1)).toMatchObject({ job: 'import', done: COUNT, total: COUNT });
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThan(1000);
  }, 300_000);

  it('a HAR text over 64 MiB (IPC has no body limit) is a 400 naming har, storing nothing', async () => {
    const before = h.app.requests.ids({}, 1)[0];
    const handlers = createHandlers(h.app);
    const r = await callOperation(handlers, 'importHar', { har: `{"log":{"entries":[${' '.repeat(64 * 1024 * 1024)}]}}` });
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_input', issues: [{ path: 'har' }] } });
    expect(r.ok ? '' : r.error.message).toMatch(/64 MiB/);
    expect(h.app.requests.ids({}, 1)[0]).toBe(before);
  }, 60_000);

  it('a bad entry anywhere rejects the import before anything is stored, naming the entry', async () => {
    const before = h.app.requests.ids({}, 1)[0];
    const good = { request: { method: 'POST', url: 'https://h.example.com/ok', headers: [] } };
    const res = await fetch(`${h.apiUrl}/api/import/har`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ har: { log: { entries: [good, good, { request: { url: 'x' } }] } } }),
    });
    expect(res.status).toBe(400);
    const err = ((await res.json()) as { error: { message: string; issues: { path: string }[] } }).error;
    expect(err.message).toMatch(/Entry 2/);
    expect(err.issues[0]!.path).toBe('har.log.entries.2.request.method');
    expect(h.app.requests.ids({}, 1)[0]).toBe(before);
  });
});
