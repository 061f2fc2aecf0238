/**
 * The inspector under load, in a real browser: seeds a data directory through the real
 * receiver, starts `hookbay serve` on it, opens Debian's Chromium and measures time to show
 * the list, to apply a filter and a search, to jump deep into it, scroll frame times and a
 * live burst of 1,000 requests. For `npm run bench`; never part of `npm test`.
 *
 * Needs the built app (`out/main/cli.js`, `out/renderer/`) and a Chromium binary
 * (HOOKBAY_CHROMIUM, default /usr/bin/chromium). Page-side functions describe the little DOM
 * they touch themselves (this file is compiled without DOM types) and take their data as
 * arguments: they are serialized into the page, and its CSP forbids evaluating strings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

export interface UiBenchOptions {
  /** Requests in the store (default 100,000; `quick`: 5,000). */
  rows?: number;
  quick?: boolean;
  /** Keep the seeded store here and reuse it next time (seeding 100,000 takes a while). */
  dataDir?: string;
  /** `hookbay serve` entry; default: `cli.js` beside this bundle (out/main). */
  cliPath?: string;
  chromiumPath?: string;
  log?: (line: string) => void;
}

export interface UiBenchReport {
  rows: number;
  seedPerSec: number | null;
  /** Navigation to the first row on screen. */
  firstRowMs: number;
  /** Navigation to the total count shown (facets over the whole store). */
  totalShownMs: number;
  /** Event-type chip picked to the list and count updated. */
  filterMs: number;
  /** Full-text search typed and submitted to the list updated. */
  searchMs: number;
  /** Scrollbar dragged to row 50,000 to its rows on screen (keyset pages, one after another). */
  jumpMs: number;
  jumpRow: number;
  scroll: FrameStats;
  burst: FrameStats & { sendMs: number };
  /**
   * Same-run baselines: the API calls each UI action needs, fetched from the same page with
   * nothing rendered (median of 5). UI ÷ baseline is what the inspector adds over its data.
   */
  baseline: { firstRowMs: number; filterMs: number; searchMs: number };
}

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
}

const EVENT_TYPES = ['invoice.paid', 'invoice.payment_failed', 'customer.created', 'customer.updated', 'charge.succeeded', 'charge.refunded', 'payment_intent.created', 'payment_intent.succeeded', 'checkout.session.completed', 'customer.subscription.deleted'];
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const ROW_HEIGHT = 30;

interface Serve {
  child: ChildProcess;
  receiverUrl: string;
  inspectorUrl: string;
  apiUrl: string;
  token: string;
}

async function startServe(cli: string, dataDir: string): Promise<Serve> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HOOKBAY_')));
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--port', '0', '--ui-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hookbay serve not ready in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('Ready.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hookbay serve exited with ${code}:\n${out}`));
    });
  });
  const receiverUrl = /Receiver\s+(http:\/\/\S+?)\/<endpoint-slug>/.exec(out)![1]!;
  const inspectorUrl = /Inspector\s+(\S+)/.exec(out)![1]!;
  const u = new URL(inspectorUrl);
  return { child, receiverUrl, inspectorUrl, apiUrl: u.origin, token: u.searchParams.get('token')! };
}

/** Median time for the page itself to fetch `paths` from the API in parallel (no rendering). */
async function apiFloorMs(page: Page, s: Serve, paths: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    times.push(
      await page.evaluate(
        async ([urls, token]) => {
          const t = performance.now();
          await Promise.all(urls.map((u) => fetch(u, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json())));
          return performance.now() - t;
        },
        [paths.map((p) => `${s.apiUrl}${p}`), s.token] as const,
      ),
    );
  }
  times.sort((a, b) => a - b);
  return Math.round(times[2]! * 10) / 10;
}

async function stopServe(s: Serve): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function facets(s: Serve, query = ''): Promise<{ total: number; eventTypes: { value: string; count: number }[] }> {
  const res = await fetch(`${s.apiUrl}/api/facets${query}`, { headers: { Authorization: `Bearer ${s.token}` } });
  if (!res.ok) throw new Error(`facets: HTTP ${res.status}`);
  return (await res.json()) as { total: number; eventTypes: { value: string; count: number }[] };
}

/** Sends `count` webhooks with `concurrency` keep-alive senders; resolves with the elapsed ms. */
export async function sendWebhooks(url: string, count: number, options: { concurrency?: number; offset?: number; perSec?: number } = {}): Promise<number> {
  const concurrency = options.concurrency ?? 64;
  const offset = options.offset ?? 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const u = new URL(url);
  const started = performance.now();
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const n = offset + i;
      const body = JSON.stringify({ id: `evt_${n}`, type: EVENT_TYPES[n % EVENT_TYPES.length], data: { object: { amount: n, note: 'bench payload '.repeat(4) } } });
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
      while (next < count) {
        const i = next++;
        // Paced sending (a burst "of 1,000 requests per second"), else as fast as possible.
        if (options.perSec) {
          const due = started + (i * 1000) / options.perSec;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        await one(i);
      }
    }),
  );
  agent.destroy();
  return performance.now() - started;
}

const round = (n: number) => Math.round(n * 10) / 10;

function frameStats(deltas: number[]): FrameStats {
  const d = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => round(d[Math.min(d.length - 1, Math.floor(d.length * q))] ?? 0);
  return { frames: d.length, p50: at(0.5), p95: at(0.95), max: round(d.at(-1) ?? 0) };
}

const countText = (n: number) => `${n.toLocaleString('en-US')} request${n === 1 ? '' : 's'}`;

/** The page's DOM, as much of it as the page-side functions below use. */
interface PageElement {
  textContent: string | null;
  scrollTop: number;
  getAttribute(name: string): string | null;
}
interface PageGlobals {
  document: { querySelector(s: string): PageElement | null; querySelectorAll(s: string): ArrayLike<PageElement> };
  requestAnimationFrame(cb: (now: number) => void): number;
  __frames: number[];
  __stop: boolean;
}

async function waitForCount(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (text) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="result-count"]')?.textContent === text,
    countText(n),
    { polling: 'raf', timeout },
  );
}

/** Records frame intervals in the page until `__stop` is set. */
function recordFrames(): void {
  const w = globalThis as unknown as PageGlobals;
  w.__frames = [];
  w.__stop = false;
  let last = performance.now();
  const loop = (now: number) => {
    w.__frames.push(now - last);
    last = now;
    if (!w.__stop) w.requestAnimationFrame(loop);
  };
  w.requestAnimationFrame(loop);
}

/** Scrolls the list up 60 px a frame for 2 s; resolves with the frame intervals. */
function scrollFrames(): Promise<number[]> {
  const w = globalThis as unknown as PageGlobals;
  const el = w.document.querySelector('[data-testid="request-list"]')!;
  const deltas: number[] = [];
  let last = performance.now();
  const end = last + 2000;
  return new Promise((resolve) => {
    const step = (now: number) => {
      deltas.push(now - last);
      last = now;
      el.scrollTop -= 60;
      if (now < end) w.requestAnimationFrame(step);
      else resolve(deltas);
    };
    w.requestAnimationFrame(step);
  });
}

export async function runUiBench(options: UiBenchOptions = {}): Promise<UiBenchReport> {
  const log = options.log ?? (() => {});
  const rows = options.rows ?? (options.quick ? 5_000 : 100_000);
  const cli = options.cliPath ?? path.join(__dirname, 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: build first (npx electron-vite build).`);
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-ui-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const serve = await startServe(cli, dataDir);
  const browser = await chromium.launch({ executablePath: options.chromiumPath ?? process.env.HOOKBAY_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    let seedPerSec: number | null = null;
    const already = (await facets(serve)).total;
    if (already < rows) {
      log(`seeding ${rows - already} requests…`);
      const ms = await sendWebhooks(`${serve.receiverUrl}/`, rows - already, { offset: already });
      seedPerSec = Math.round((rows - already) / (ms / 1000));
    }
    const all = await facets(serve);
    const total = all.total;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

    log('cold load…');
    const t0 = performance.now();
    await page.goto(serve.inspectorUrl);
    await page.waitForSelector('[data-testid="request-row"]');
    const firstRowMs = Math.round(performance.now() - t0);
    await waitForCount(page, total);
    const totalShownMs = Math.round(performance.now() - t0);

    log('filter…');
    const eventType = 'charge.refunded';
    const expected = all.eventTypes.find((f) => f.value === eventType)?.count ?? 0;
    await page.click('[data-testid="filter-menu-event"]');
    const option = page.getByRole('listbox', { name: 'Event type' }).getByText(eventType, { exact: true });
    await option.waitFor();
    const t1 = performance.now();
    await option.click();
    await page.waitForFunction(
      ([type, count]) => {
        const d = (globalThis as unknown as PageGlobals).document;
        const cells = Array.from(d.querySelectorAll('[data-testid="request-row"] [data-testid="event-type"]'));
        return cells.length > 0 && cells.every((c) => c.textContent === type) && d.querySelector('[data-testid="result-count"]')?.textContent === count;
      },
      [eventType, countText(expected)] as const,
      { polling: 'raf', timeout: 120_000 },
    );
    const filterMs = Math.round(performance.now() - t1);
    await page.keyboard.press('Escape');

    log('search…');
    const needle = `evt_${Math.max(0, rows - 5)}`;
    await page.fill('[data-testid="search-input"]', needle);
    const t2 = performance.now();
    await page.press('[data-testid="search-input"]', 'Enter');
    await page.waitForFunction(
      () => {
        const d = (globalThis as unknown as PageGlobals).document;
        return d.querySelectorAll('[data-testid="request-row"]').length === 1 && d.querySelector('[data-testid="result-count"]')?.textContent === '1 request';
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    const searchMs = Math.round(performance.now() - t2);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await waitForCount(page, total);

    log('jump…');
    const jumpRow = Math.min(total - 1, 50_000);
    const jumpTop = jumpRow * ROW_HEIGHT;
    const t3 = performance.now();
    await page.$eval('[data-testid="request-list"]', (el, top) => ((el as unknown as PageElement).scrollTop = top), jumpRow * ROW_HEIGHT);
    await page.waitForFunction(
      (top) => {
        // Real rows (not placeholders) positioned around the target offset are on screen.
        const d = (globalThis as unknown as PageGlobals).document;
        if (d.querySelectorAll('.request-row.placeholder').length > 0) return false;
        const offsets = Array.from(d.querySelectorAll('.virtual-row'))
          .filter((r) => (r as unknown as { querySelector(s: string): unknown }).querySelector('[data-testid="request-row"]'))
          .map((r) => Number(/translateY\(([^)]+)px\)/.exec((r as unknown as { style: { transform: string } }).style.transform)?.[1] ?? -1));
        return offsets.some((y) => Math.abs(y - top) < 2000);
      },
      jumpTop,
      { polling: 'raf', timeout: 300_000 },
    );
    const jumpMs = Math.round(performance.now() - t3);

    log('scroll…');
    await page.waitForTimeout(1000);
    const scrollDeltas = await page.evaluate(scrollFrames);

    log('burst…');
    await page.$eval('[data-testid="request-list"]', (el) => ((el as unknown as PageElement).scrollTop = 0));
    await page.evaluate(recordFrames);
    const sendMs = await sendWebhooks(`${serve.receiverUrl}/`, 1000, { concurrency: 16, offset: total, perSec: 1000 });
    await waitForCount(page, total + 1000, 60_000);
    const burstDeltas = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.__stop = true;
      return w.__frames;
    });

    log('API baselines…');
    // Cold load's floor: loading the page's HTML and scripts (no rendering of data) plus its data.
    const loadTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const t = performance.now();
      await fresh.goto(serve.inspectorUrl, { waitUntil: 'domcontentloaded' });
      loadTimes.push(performance.now() - t);
      await fresh.close();
    }
    loadTimes.sort((a, b) => a - b);
    const baseline = {
      firstRowMs:
        Math.round(loadTimes[2]!) + (await apiFloorMs(page, serve, ['/api/requests?limit=100', '/api/endpoints'])),
      filterMs: await apiFloorMs(page, serve, [`/api/requests?limit=100&event=${eventType}`, `/api/facets?event=${eventType}`]),
      searchMs: await apiFloorMs(page, serve, [`/api/requests?limit=100&q=${needle}`, `/api/facets?q=${needle}`]),
    };

    return {
      rows: total,
      seedPerSec,
      baseline,
      firstRowMs,
      totalShownMs,
      filterMs,
      searchMs,
      jumpMs,
      jumpRow,
      scroll: frameStats(scrollDeltas.slice(1)),
      burst: { ...frameStats(burstDeltas.slice(1)), sendMs: Math.round(sendMs) },
    };
  } finally {
    await browser.close();
    await stopServe(serve);
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The report as a markdown section and summary lines (the shape of the bench runner's sections). */
export function uiBenchSection(r: UiBenchReport): { markdown: string; summary: string[] } {
  const n = r.rows.toLocaleString('en-US');
  const markdown = [
    `| inspector, ${n} requests in the store, headless Chromium | UI | baseline, same run: loading the page and fetching its data, nothing rendered | UI ÷ baseline |`,
    '|---|---:|---:|---:|',
    `| first row on screen after navigation | ${r.firstRowMs} ms | ${r.baseline.firstRowMs} ms (page HTML + scripts loaded, then first page + endpoints fetched) | ${ratio(r.firstRowMs, r.baseline.firstRowMs)} |`,
    `| total count shown (facets over the store) | ${r.totalShownMs} ms | | |`,
    `| filter by event type (chip → list and count) | ${r.filterMs} ms | ${r.baseline.filterMs} ms (filtered page + facets) | ${ratio(r.filterMs, r.baseline.filterMs)} |`,
    `| full-text search (Enter → list and count) | ${r.searchMs} ms | ${r.baseline.searchMs} ms (search page + facets) | ${ratio(r.searchMs, r.baseline.searchMs)} |`,
    `| scrollbar to row ${r.jumpRow.toLocaleString('en-US')} → rows on screen | ${r.jumpMs} ms | | |`,
    `| scrolling 60 px a frame for 2 s: frame p50 / p95 / max | ${r.scroll.p50} / ${r.scroll.p95} / ${r.scroll.max} ms (${r.scroll.frames} frames) | 16.7 ms (one 60 Hz frame) | ${ratio(r.scroll.p95, 16.7)} (p95) |`,
    `| live burst of 1,000 requests in ${r.burst.sendMs} ms: frame p50 / p95 / max | ${r.burst.p50} / ${r.burst.p95} / ${r.burst.max} ms | 16.7 ms (one 60 Hz frame) | ${ratio(r.burst.p95, 16.7)} (p95) |`,
    ...(r.seedPerSec ? ['', `Seeded through the receiver at ${r.seedPerSec} requests/s.`] : []),
    '',
    'Headless Chromium without a GPU paces frames at about 60 Hz at best; client, server and browser share the machine.',
    'Baselines are measured after the UI actions, so the search baseline finds the full-text index already caught up, which the first UI search had to wait for.',
  ].join('\n');
  return { markdown, summary: formatUiBench(r).split('\n') };
}

function ratio(ui: number, base: number): string {
  return base > 0 ? `${(ui / base).toFixed(1)}x` : 'n/a';
}

export function formatUiBench(r: UiBenchReport): string {
  return [
    `inspector with ${r.rows} requests: first row ${r.firstRowMs} ms (${ratio(r.firstRowMs, r.baseline.firstRowMs)} baseline), total shown ${r.totalShownMs} ms, filter ${r.filterMs} ms (${ratio(r.filterMs, r.baseline.filterMs)}), search ${r.searchMs} ms (${ratio(r.searchMs, r.baseline.searchMs)}), jump to row ${r.jumpRow} ${r.jumpMs} ms`,
    `inspector frames: scrolling p95 ${r.scroll.p95} ms (max ${r.scroll.max}); 1,000-request burst p95 ${r.burst.p95} ms (max ${r.burst.max})`,
  ].join('\n');
}
