/**
 * Micro-benchmark of verifying a captured request, against one raw `crypto.createHmac` over
 * the same body measured in the same run (so the numbers can be compared across machines).
 */
import crypto from 'node:crypto';
import type { VerifyConfig } from '../src-main/contract/verification';
import { signRequest, verifyRequest, type SignableRequest } from '../src-main/core/signatures';
import { DIAGNOSIS_BUDGET_BYTES } from '../src-main/core/signatures/capture-verdict';

export interface BenchResult {
  scheme: string;
  opsPerSec: number;
  usPerOp: number;
  /** The raw-HMAC baseline measured in batches interleaved with this scheme's. */
  baselineUsPerOp: number;
}

const BENCH_SCHEMES = ['stripe', 'github', 'shopify', 'slack', 'standard-webhooks', 'sendpilot'] as const;

/** A 2 KB JSON event, about the size of a typical webhook. */
function sampleBody(): Buffer {
  const items = Array.from({ length: 12 }, (_, i) => ({ id: `li_${i}`, description: `Seat licence ${i} — café ☕`, amount: 1200 + i, currency: 'eur' }));
  return Buffer.from(JSON.stringify({ id: 'evt_1Pq', type: 'invoice.paid', created: 1764237600, data: { object: { id: 'in_1', lines: items } } }));
}

const BATCH = 500;

/** CPU time (µs) of one batch: unlike wall time, it does not count time the OS gave to others. */
function batchCpuUs(run: () => void): number {
  const before = process.cpuUsage();
  for (let i = 0; i < BATCH; i++) run();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

const round = (us: number) => Math.round(us * 100) / 100;

/**
 * Process CPU time per operation, in batches alternating with the baseline's so both see the
 * same machine. Wall-clock medians proved useless on a shared 2-core box: preemption by other
 * processes swung them tenfold.
 */
function measure(run: () => void, baseline: () => void, minMs: number): Omit<BenchResult, 'scheme'> {
  let own = 0;
  let base = 0;
  let batches = 0;
  const end = Date.now() + minMs;
  while (Date.now() < end || batches < 5) {
    own += batchCpuUs(run);
    base += batchCpuUs(baseline);
    batches++;
  }
  const usPerOp = own / (batches * BATCH);
  return { opsPerSec: Math.round(1e6 / usPerOp), usPerOp: round(usPerOp), baselineUsPerOp: round(base / (batches * BATCH)) };
}

/** One row per scheme; `baselineUsPerOp` is one raw `createHmac` over the same body. */
export function benchVerify(minMs = 300): BenchResult[] {
  const body = sampleBody();
  const secret = 'whsec_' + crypto.randomBytes(24).toString('base64');
  const baseline = () => crypto.createHmac('sha256', secret).update(body).digest();
  const cases = BENCH_SCHEMES.map((scheme) => {
    const config: VerifyConfig = { scheme, secrets: [secret] };
    const base: SignableRequest = { method: 'POST', path: '/hook', query: '', headers: [['Host', 'localhost:8787'], ['Content-Type', 'application/json']], body };
    const now = Date.now();
    const signed = signRequest(base, config, { publicUrl: null, now });
    const captured = { ...base, headers: [...base.headers, ...signed.headers], receivedAt: now };
    const check = verifyRequest(captured, config, { publicUrl: null });
    if (check.status !== 'valid') throw new Error(`bench setup: ${scheme} did not verify (${check.reason})`);
    return { scheme, run: () => void verifyRequest(captured, config, { publicUrl: null }) };
  });
  // Warm every case before measuring any: the schemes share code paths, and the first one
  // measured would otherwise pay for the JIT settling on all of them.
  for (let round = 0; round < 2; round++) {
    for (const c of cases) {
      const until = Date.now() + Math.ceil(minMs / 4);
      while (Date.now() < until) batchCpuUs(c.run);
    }
  }
  return cases.map((c) => ({ scheme: c.scheme, ...measure(c.run, baseline, minMs) }));
}

export interface StuffedHeaderResult {
  bodyBytes: number;
  candidates: number;
  /** CPU ms per capture-time verification with one genuine `v1=`. */
  normalMs: number;
  /** The same body with the header stuffed with `candidates` `v1=` values (none genuine). */
  stuffedMs: number;
  ratio: number;
}

/**
 * Issue 11: a 10 MB Stripe body whose `Stripe-Signature` carries 1,000 `v1=` values blocked
 * the process 54 s. Verifies it as capture does (diagnosis budget included) and reports its
 * CPU time as a ratio to the same body with one genuine signature; bounded work keeps it ~1–2.
 */
export function benchStuffedHeader(rounds = 4, bodyBytes = 10 * 1024 * 1024, candidates = 1000): StuffedHeaderResult {
  const secret = 'whsec_' + crypto.randomBytes(24).toString('base64');
  const config: VerifyConfig = { scheme: 'stripe', secrets: [secret] };
  const body = Buffer.from(JSON.stringify({ blob: 'x'.repeat(bodyBytes - 12) }));
  const now = Date.now();
  const base: SignableRequest = { method: 'POST', path: '/hook', query: '', headers: [['Content-Type', 'application/json']], body };
  const signed = signRequest(base, config, { publicUrl: null, now });
  const t = Math.floor(now / 1000);
  const stuffing = Array.from({ length: candidates }, (_, i) => `v1=${crypto.createHash('sha256').update(String(i)).digest('hex')}`).join(',');
  const normal = { ...base, headers: [...base.headers, ...signed.headers], receivedAt: now };
  const stuffed = { ...base, headers: [...base.headers, ['Stripe-Signature', `t=${t},${stuffing}`] as [string, string]], receivedAt: now };
  const ctx = { publicUrl: null, diagnosisBudgetBytes: DIAGNOSIS_BUDGET_BYTES };
  const cpuMs = (run: () => void) => {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  let normalMs = 0;
  let stuffedMs = 0;
  for (let i = 0; i < rounds; i++) {
    normalMs += cpuMs(() => verifyRequest(normal, config, ctx));
    stuffedMs += cpuMs(() => verifyRequest(stuffed, config, ctx));
  }
  const r = (n: number) => Math.round((n / rounds) * 10) / 10;
  return { bodyBytes: body.length, candidates, normalMs: r(normalMs), stuffedMs: r(stuffedMs), ratio: Math.round((stuffedMs / normalMs) * 100) / 100 };
}
