/**
 * Micro-benchmark of verifying a captured request, against one raw `crypto.createHmac` over
 * the same body measured in the same run (so the numbers can be compared across machines).
 */
import crypto from 'node:crypto';
import type { VerifyConfig } from '../../contract/verification';
import { signRequest, verifyRequest, type SignableRequest } from './index';

export interface BenchResult {
  scheme: string;
  opsPerSec: number;
  usPerOp: number;
}

const BENCH_SCHEMES = ['stripe', 'github', 'shopify', 'slack', 'standard-webhooks', 'sendpilot'] as const;

/** A 2 KB JSON event, about the size of a typical webhook. */
function sampleBody(): Buffer {
  const items = Array.from({ length: 12 }, (_, i) => ({ id: `li_${i}`, description: `Seat licence ${i} — café ☕`, amount: 1200 + i, currency: 'eur' }));
  return Buffer.from(JSON.stringify({ id: 'evt_1Pq', type: 'invoice.paid', created: 1764237600, data: { object: { id: 'in_1', lines: items } } }));
}

function measure(run: () => void, minMs: number): { opsPerSec: number; usPerOp: number } {
  // Warm up long enough for the JIT to settle, or the first case measures compilation.
  const warmUntil = process.hrtime.bigint() + BigInt(Math.ceil(minMs / 3)) * 1_000_000n;
  while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < 100; i++) run();
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  const limit = BigInt(minMs) * 1_000_000n;
  while (elapsedNs < limit) {
    for (let i = 0; i < 100; i++) run();
    ops += 100;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const usPerOp = Number(elapsedNs) / 1000 / ops;
  return { opsPerSec: Math.round(1e6 / usPerOp), usPerOp: Math.round(usPerOp * 100) / 100 };
}

/** `minMs` per case; the first row is the raw HMAC baseline. */
export function benchVerify(minMs = 300): BenchResult[] {
  const body = sampleBody();
  const secret = 'whsec_' + crypto.randomBytes(24).toString('base64');
  const results: BenchResult[] = [
    { scheme: 'baseline: crypto.createHmac(sha256) over the body', ...measure(() => crypto.createHmac('sha256', secret).update(body).digest(), minMs) },
  ];
  for (const scheme of BENCH_SCHEMES) {
    const config: VerifyConfig = { scheme, secrets: [secret] };
    const base: SignableRequest = { method: 'POST', path: '/hook', query: '', headers: [['Host', 'localhost:8787'], ['Content-Type', 'application/json']], body };
    const now = Date.now();
    const signed = signRequest(base, config, { publicUrl: null, now });
    const captured = { ...base, headers: [...base.headers, ...signed.headers], receivedAt: now };
    const check = verifyRequest(captured, config, { publicUrl: null });
    if (check.status !== 'valid') throw new Error(`bench setup: ${scheme} did not verify (${check.reason})`);
    results.push({ scheme, ...measure(() => verifyRequest(captured, config, { publicUrl: null }), minMs) });
  }
  return results;
}
