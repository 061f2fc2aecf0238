/**
 * UI bench: how the inspector copes with a big store. Not part of `npm test`; run with
 *   HOOKBAY_BENCH=1 npx playwright test            (HOOKBAY_BENCH_ROWS=100000 by default)
 * Seeds the rows through the real receiver, then measures in Chromium: time to show the
 * list, to apply a filter, to page deep into it, scroll smoothness and a live burst.
 * HOOKBAY_BENCH_DATA=/some/dir keeps the seeded store there and reuses it next time.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { HookbayServer } from './hookbay-server';

const ROWS = Number(process.env.HOOKBAY_BENCH_ROWS ?? 100_000);
const EVENT_TYPES = ['invoice.paid', 'invoice.payment_failed', 'customer.created', 'customer.updated', 'charge.succeeded', 'charge.refunded', 'payment_intent.created', 'payment_intent.succeeded', 'checkout.session.completed', 'subscription.deleted'];

async function blast(url: string, count: number, concurrency = 64, offset = 0): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const u = new URL(url);
  let next = 0;
  const started = performance.now();
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ id: `evt_${offset + i}`, type: EVENT_TYPES[(offset + i) % EVENT_TYPES.length], data: { object: { amount: i, note: 'bench payload '.repeat(4) } } });
      const req = http.request(
        { agent, host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  agent.destroy();
  return performance.now() - started;
}

test('inspector with a large store', async ({ page }) => {
  const keepData = process.env.HOOKBAY_BENCH_DATA;
  if (keepData) fs.mkdirSync(keepData, { recursive: true });
  const hookbay = await HookbayServer.start(keepData ? { dataDir: keepData } : {});
  const results: Record<string, number> = { rows: ROWS };
  try {
    const already = (await hookbay.api<{ total: number }>('GET', '/api/facets')).total;
    if (already < ROWS) {
      const seedMs = await blast(`${hookbay.receiverUrl}/`, ROWS - already, 64, already);
      results.seedRequestsPerSec = Math.round((ROWS - already) / (seedMs / 1000));
    }
    await expect.poll(async () => (await hookbay.api<{ total: number }>('GET', '/api/facets')).total, { timeout: 120_000 }).toBeGreaterThanOrEqual(ROWS);
    const facets = await hookbay.api<{ total: number; eventTypes: { value: string; count: number }[] }>('GET', '/api/facets');
    const total = facets.total;
    results.rows = total;
    const count = (n: number) => `${n.toLocaleString('en-US')} requests`;

    // 1. Cold load: navigation to the first row and to the total.
    const t0 = performance.now();
    await page.goto(hookbay.inspectorUrl);
    await page.getByTestId('request-row').first().waitFor();
    results.firstRowMs = Math.round(performance.now() - t0);
    await expect(page.getByTestId('result-count')).toHaveText(count(total), { timeout: 60_000 });
    results.totalShownMs = Math.round(performance.now() - t0);

    // 2. Filter by event type (facet menu → chip → list and count).
    const expected = facets.eventTypes.find((f) => f.value === 'charge.refunded')!.count;
    await page.getByTestId('filter-menu-event').click();
    const option = page.getByRole('listbox', { name: 'Event type' }).getByText('charge.refunded', { exact: true });
    await option.waitFor();
    const t1 = performance.now();
    await option.click();
    await page.waitForFunction(
      (n) => {
        const rows = Array.from(document.querySelectorAll('[data-testid="request-row"] [data-testid="event-type"]'));
        return rows.length > 0 && rows.every((r) => r.textContent === 'charge.refunded') && document.querySelector('[data-testid="result-count"]')?.textContent === `${n} requests`;
      },
      expected.toLocaleString('en-US'),
      { polling: 'raf', timeout: 60_000 },
    );
    results.filterEventMs = Math.round(performance.now() - t1);
    await page.keyboard.press('Escape');

    // 3. Full-text search.
    const t2 = performance.now();
    await page.getByTestId('search-input').fill(`evt_${ROWS - 5}`);
    await page.getByTestId('search-input').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="request-row"]').length <= 1 && document.querySelector('[data-testid="result-count"]')?.textContent !== 'Loading…', undefined, { polling: 'raf', timeout: 60_000 });
    results.searchMs = Math.round(performance.now() - t2);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect(page.getByTestId('result-count')).toHaveText(count(total));

    // 4. Jump deep: the scrollbar spans every row; pages come in one after another behind it.
    const list = page.getByTestId('request-list');
    const t3 = performance.now();
    const targetRow = Math.min(total - 1, 50_000);
    await list.evaluate((el, row) => (el.scrollTop = row * 30), targetRow);
    await page.waitForFunction((row) => document.querySelector(`[data-request-id="${row}"]`) !== null, total - targetRow, { polling: 'raf', timeout: 120_000 });
    results.jumpToRow50kMs = Math.round(performance.now() - t3);

    // 5. Scroll smoothness over loaded rows: frame times while scrolling 60 px per frame for 2 s.
    const frames = await list.evaluate(async (el) => {
      const deltas: number[] = [];
      let last = performance.now();
      const end = last + 2000;
      await new Promise<void>((resolve) => {
        const step = (now: number) => {
          deltas.push(now - last);
          last = now;
          el.scrollTop -= 60;
          if (now < end) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      return deltas.sort((a, b) => a - b);
    });
    results.scrollFrames = frames.length;
    results.scrollP95FrameMs = Math.round(frames[Math.floor(frames.length * 0.95)]! * 10) / 10;
    results.scrollMaxFrameMs = Math.round(frames.at(-1)! * 10) / 10;

    // 6. A live burst of 1,000 requests in about a second while the page is open at the top.
    await list.evaluate((el) => (el.scrollTop = 0));
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      let last = performance.now();
      const loop = (now: number) => {
        w.__frames.push(now - last);
        last = now;
        if (!w.__stop) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    const burstMs = await blast(`${hookbay.receiverUrl}/`, 1000, 16, total);
    await expect(page.getByTestId('result-count')).toHaveText(count(total + 1000), { timeout: 30_000 });
    const burst = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return [...w.__frames].sort((a, b) => a - b);
    });
    results.burstSendMs = Math.round(burstMs);
    results.burstMaxFrameMs = Math.round(burst.at(-1)! * 10) / 10;
    results.burstP95FrameMs = Math.round(burst[Math.floor(burst.length * 0.95)]! * 10) / 10;
  } finally {
    console.log(`UI bench: ${JSON.stringify(results)}`);
    const out = path.resolve(__dirname, '../../test-results/bench-ui.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    await hookbay.stop({ keepData: Boolean(keepData) });
  }
});
