/**
 * Store at scale: fills a real database through the store's own insert (big transactions,
 * not HTTP), indexes it with the real SearchIndex, then measures it from a fresh process
 * (store-child.ts) so start-up time and resident memory are what a user would see.
 * The same measurements on a small store are the same-run baseline: the ratio says how
 * each operation scales from SMALL to N requests.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EndpointInput } from '../src-main/contract/endpoints';
import { openDatabase } from '../src-main/core/store/database';
import { EndpointStore } from '../src-main/core/store/endpoint-store';
import { RequestStore } from '../src-main/core/store/request-store';
import type { CapturedRequest } from '../src-main/core/store/rows';
import { SearchIndex } from '../src-main/core/capture/search-index';
import { SERVER_CPU } from './proc';
import type { StoreMeasurement } from './store-child';

export const EVENT_TYPES = [
  'invoice.paid', 'invoice.payment_failed', 'customer.created', 'customer.updated', 'charge.succeeded',
  'charge.refunded', 'push', 'pull_request', 'issues', 'orders/create', 'orders/paid', 'app/uninstalled',
  'message.sent', 'message.delivered', 'message.failed', 'contact.created', 'call.completed', 'sms.received',
  'subscription.renewed', 'subscription.canceled',
] as const;

const SLUGS = ['stripe', 'github', 'shopify', 'sendpilot'] as const;

/** Deterministic pseudo-random numbers, so every run stores the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface GenerateResult {
  rows: number;
  /** Captured bytes (headers as sent + body) over all rows. */
  rawBytes: number;
  insertMs: number;
  indexMs: number;
  fileBytes: number;
}

/** A webhook of ~700 bytes with a unique customer token (the rare search term). */
function makeRequest(i: number, endpointId: string, rand: () => number, now: number): CapturedRequest {
  const type = EVENT_TYPES[Math.floor(rand() * EVENT_TYPES.length)]!;
  const body = Buffer.from(
    JSON.stringify({
      id: `evt_${i.toString(36)}`,
      type,
      created: Math.floor(now / 1000) - i,
      data: {
        object: {
          id: `obj_${(i * 7919).toString(36)}`,
          customer: `cus${i.toString(36)}zz`,
          email: `user${i % 50_000}@example.com`,
          amount: Math.floor(rand() * 100_000),
          currency: rand() < 0.7 ? 'eur' : 'usd',
          description: `Order ${i} for plan ${['basic', 'pro', 'team', 'enterprise'][i % 4]} renewed at the usual price`,
          metadata: { campaign: `spring-${i % 97}`, source: rand() < 0.5 ? 'web' : 'mobile' },
        },
      },
    }),
  );
  const headers: [string, string][] = [
    ['Host', 'hooks.example.test'],
    ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Content-Length', String(body.length)],
    ['Stripe-Signature', `t=${Math.floor(now / 1000)},v1=${(i * 2654435761).toString(16).padStart(64, '0')}`],
    ['Accept-Encoding', 'gzip'],
  ];
  return {
    endpointId,
    method: rand() < 0.97 ? 'POST' : 'PUT',
    path: `/${endpointId === 'ep_default' ? 'x' : 'hook'}/events`,
    query: i % 10 === 0 ? `attempt=${i % 3}` : '',
    headers,
    body,
    size: body.length,
    truncated: false,
    remoteAddress: '127.0.0.1',
    receivedAt: now - (1_000_000 - i) * 1000,
    via: 'direct',
    contentType: 'application/json',
    eventType: type,
    eventId: `evt_${i.toString(36)}`,
    error: null,
    replayOf: null,
    verification: null,
  };
}

export function generateStore(dataDir: string, rows: number, log: (s: string) => void): GenerateResult {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'hookbay.db');
  const db = openDatabase(file);
  const endpoints = new EndpointStore(db);
  const ids = [endpoints.defaultEndpoint.id];
  for (const slug of SLUGS) ids.push(endpoints.create(EndpointInput.parse({ name: slug, slug })).id);
  const requests = new RequestStore(db);
  const rand = rng(42);
  const now = Date.now();
  let rawBytes = 0;
  const BATCH = 20_000;
  const insertBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const r = makeRequest(i, ids[i % ids.length]!, rand, now);
      rawBytes += r.body.length + r.headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
      requests.insert(r);
    }
  });
  const t0 = performance.now();
  for (let from = 0; from < rows; from += BATCH) {
    insertBatch(from, Math.min(rows, from + BATCH));
    if ((from / BATCH) % 10 === 9) log(`    inserted ${from + BATCH}`);
  }
  const insertMs = performance.now() - t0;
  const search = new SearchIndex(db, 10_000);
  const t1 = performance.now();
  search.catchUp();
  const indexMs = performance.now() - t1;
  search.close();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fileBytes = fs.statSync(file).size;
  return { rows, rawBytes, insertMs, indexMs, fileBytes };
}

/** Measures a generated store from a fresh Node process pinned like the capture servers. */
export function measureStore(dataDir: string, rows: number): Promise<StoreMeasurement> {
  return new Promise((resolve, reject) => {
    execFile(
      'taskset',
      ['-c', SERVER_CPU, process.execPath, path.join(__dirname, 'store-child.js'), dataDir, String(rows)],
      { maxBuffer: 16 << 20, timeout: 300_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`store measurement failed: ${err.message}\n${stderr}`));
        const line = /^STORE (.*)$/m.exec(stdout);
        if (!line) return reject(new Error(`store child printed nothing:\n${stdout}\n${stderr}`));
        resolve(JSON.parse(line[1]!) as StoreMeasurement);
      },
    );
  });
}
