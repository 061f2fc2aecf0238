/**
 * Issue 11 item 4: a sender controls the signature header, so it must not control how much
 * crypto the receiver does. A 64 KB header holds ~10,000 candidates; before the cap and the
 * digest-once matcher each one re-hashed the body, again for every diagnosis.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VerifyConfig } from '../../../src-main/contract/verification';
import { verifyRequest } from '../../../src-main/core/signatures';
import { signatureWork } from '../../../src-main/core/signatures/algorithms';
import { MAX_SIGNATURE_CANDIDATES } from '../../../src-main/core/signatures/matcher';
import { FIXTURES, JSON_BODY, NOW, expectOneSentence, request, type Fixture, type Signed } from './fixtures';

const OTHER_SECRETS = [
  { label: 'billing', secret: 'whsec_b3RoZXItZW5kcG9pbnQtc2VjcmV0LTAx' },
  { label: 'shop', secret: 'shop_secret_9a8b7c' },
];
const SECRETS_TRIED = 2 + OTHER_SECRETS.length;
/**
 * Crypto operations allowed per secret: the base check and each diagnosis variant (key decoding,
 * algorithm, body re-serialization, timestamp unit, URL forms) cost one digest each, and a
 * public-key scheme verifies each of the capped candidates.
 */
const PER_SECRET = 4 * MAX_SIGNATURE_CANDIDATES;

const configOf = (f: Fixture): VerifyConfig => ({
  scheme: f.scheme,
  secrets: [f.secret, `${f.secret}x`],
  ...(f.tolerance !== undefined ? { toleranceSec: f.tolerance } : {}),
  ...f.extra,
});

/** Candidates in every shape a scheme reads: the real value altered, composite pairs, list items, prefixed digests, junk. */
const candidate = (real: string) => fc.oneof(
  fc.nat(99_999_999).map((n) => real.slice(0, -8) + String(n).padStart(8, '0')),
  fc.constantFrom('v1=', 'v1,', 'sha256=', 's=', 'v0=', 'signature=', 'v1a,', '').chain((prefix) =>
    fc.constantFrom('hex', 'base64').chain((enc) =>
      fc.integer({ min: 0, max: 1 << 30 }).map((n) => prefix + crypto.createHash('sha256').update(String(n)).digest(enc as 'hex' | 'base64')),
    ),
  ),
  fc.string({ maxLength: 8 }),
);

/** The fixture's signed header with `count` candidates around its real value. */
function stuffed(s: Signed, header: string, junk: string[], separator: string, realFirst: boolean): Signed {
  return {
    ...s,
    headers: s.headers.map(([k, v]) => {
      if (k.toLowerCase() !== header.toLowerCase()) return [k, v];
      const parts = realFirst ? [v, ...junk] : [...junk, v];
      return [k, parts.join(separator)];
    }),
  };
}

function operationsFor(f: Fixture, s: Signed): number {
  const before = signatureWork.operations;
  const v = verifyRequest(request(s), configOf(f), { publicUrl: f.publicUrl ?? null, now: NOW, otherSecrets: OTHER_SECRETS });
  // (Not expectOneSentence: a malformed verdict quotes the header, and junk like "! Aa" reads as a new sentence.)
  expect(v.reason).toMatch(/\.$/);
  return signatureWork.operations - before;
}

describe('signature work per capture is bounded whatever the header holds', () => {
  it.each(FIXTURES.map((f) => [f.scheme, f] as const))('%s: ≤ secrets × a small constant with up to 10,000 candidates', (_id, f) => {
    const signed = f.sign(f.body ?? JSON_BODY, NOW);
    const real = signed.headers.find(([k]) => k.toLowerCase() === f.header.toLowerCase())?.[1] ?? 'v1=00000000';
    fc.assert(
      fc.property(
        fc.array(candidate(real), { minLength: 0, maxLength: 400, size: 'max' }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom(',', ' ', ', ', ';'),
        fc.boolean(),
        (sample, repeat, separator, realFirst) => {
          // Repeating a sample reaches ~10,000 candidates without generating each one.
          const junk = Array.from({ length: repeat }, () => sample).flat();
          expect(operationsFor(f, stuffed(signed, f.header, junk, separator, realFirst))).toBeLessThanOrEqual(SECRETS_TRIED * PER_SECRET);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('Stripe with 10,000 v1= values: the real one first still verifies, and the verdict says how many were checked', () => {
    const f = FIXTURES.find((x) => x.scheme === 'stripe')!;
    const signed = f.sign(JSON_BODY, NOW);
    const junk = Array.from({ length: 10_000 }, (_, i) => `v1=${crypto.createHash('sha256').update(String(i)).digest('hex')}`);
    const v = verifyRequest(request(stuffed(signed, f.header, junk, ',', true)), configOf(f), { publicUrl: null, now: NOW });
    expect(v.status).toBe('valid');
    expect(v.reason).toContain(`10001 signature candidates, only the first ${MAX_SIGNATURE_CANDIDATES} checked`);
    expect(v.details).toMatchObject({ signatures: 10_001, signaturesChecked: MAX_SIGNATURE_CANDIDATES });
    // Past the cap, a genuine signature is not looked at: the verdict is invalid and says why.
    const late = verifyRequest(request(stuffed(signed, f.header, junk, ',', false)), configOf(f), { publicUrl: null, now: NOW });
    expect(late.status).toBe('invalid');
    expect(late.reason).toContain('only the first 16 checked');
  });

  it('a large body: diagnosis stays within its budget and is deferred, a small one is diagnosed in full', () => {
    const f = FIXTURES.find((x) => x.scheme === 'stripe')!;
    const big = Buffer.alloc(4 * 1024 * 1024, 'a');
    const signed = f.sign(big, NOW);
    const wrong: VerifyConfig = { ...configOf(f), secrets: ['whsec_not_the_one'] };
    const before = signatureWork.operations;
    const v = verifyRequest(request(signed), wrong, { publicUrl: null, now: NOW, diagnosisBudgetBytes: 8 * 1024 * 1024 });
    expect(signatureWork.operations - before).toBeLessThanOrEqual(2);
    expect(v).toMatchObject({ status: 'invalid', details: { diagnosis: 'deferred' } });
    expectOneSentence(v.reason);
    const full = verifyRequest(request(signed), wrong, { publicUrl: null, now: NOW });
    expect(full.details.diagnosis).toBe('wrong-secret');
  });
});
