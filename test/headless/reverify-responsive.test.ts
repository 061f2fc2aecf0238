/**
 * Issue 11: changing an endpoint's secret re-verified its stored requests in 200-request
 * transactions, each diagnosing every failure in full: a health check waited 55.7 s. Through
 * the real HTTP API and a real SQLite file with many large rows, health must answer within
 * 1 s while the re-verification runs, which reports `job.progress` until done === total.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookbayEvent } from '../../src-main/contract/events';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { tempDir } from '../support/temp';

let h: Headless;
const tmp = tempDir();
const TOKEN = 'test-token-reverify-0123456789';
const OLD = 'whsec_old_secret_0123456789abcdef';
const NEW = 'whsec_new_secret_0123456789abcdef';
const ROWS = 300;
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
  const created = await fetch(`${h.apiUrl}/api/endpoints`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'Stripe', slug: 'stripe', verify: { scheme: 'stripe', secrets: [OLD] } }),
  });
  expect(created.status).toBe(201);
  // 512 KB JSON bodies, validly signed with the old secret: the new one makes every verdict a failure to diagnose.
  const filler = 'x'.repeat(512 * 1024);
  for (let i = 0; i < ROWS; i++) {
    const body = JSON.stringify({ id: `evt_${i}`, type: 'invoice.paid', filler });
    const t = Math.floor(Date.now() / 1000);
    const v1 = crypto.createHmac('sha256', OLD).update(`${t}.${body}`).digest('hex');
    const res = await fetch(`${h.app.receiverUrl}/stripe`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` } });
    expect(res.status).toBe(200);
  }
}, 300_000);

afterAll(async () => {
  await h.close();
  tmp.remove();
});

async function healthMs(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${h.apiUrl}/api/health`, { headers: auth });
  expect(res.status).toBe(200);
  return performance.now() - started;
}

describe('re-verification after a secret change', () => {
  it('runs in time slices: health answers within 1 s throughout, progress is reported to the end', async () => {
    const progress: Extract<HookbayEvent, { type: 'job.progress' }>[] = [];
    const unsubscribe = h.app.events.subscribe((e) => {
      if (e.type === 'job.progress') progress.push(e);
    });
    const patched = await fetch(`${h.apiUrl}/api/endpoints/stripe`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ verify: { scheme: 'stripe', secrets: [NEW] } }),
    });
    expect(patched.status).toBe(200);
    const waits: number[] = [];
    const deadline = Date.now() + 120_000;
    while (!progress.some((p) => p.done === p.total && p.total === ROWS) && Date.now() < deadline) {
      waits.push(await healthMs());
      await new Promise((r) => setTimeout(r, 50));
    }
    unsubscribe();
    expect(progress.at(-1)).toMatchObject({ job: 'reverify', done: ROWS, total: ROWS });
    // The run was long enough to be measured several times during it.
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThan(1000);
    const list = (await (await fetch(`${h.apiUrl}/api/requests?endpoint=stripe&signature=invalid&limit=500`, { headers: auth })).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(ROWS);
  }, 300_000);
});
