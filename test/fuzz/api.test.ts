/**
 * Fuzzes every contract operation through the HTTP API of a real headless Hookbay:
 * schema-derived inputs, mutated valid inputs, junk, and broken transport (raw path
 * parameters, bodies that are not JSON). See test/fuzz/support/invariants.ts for what
 * every case must keep, and docs/testing.md for how to run longer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp';
import { startTarget, type TargetServer } from '../support/target-server';
import { Excluded } from './known-findings';
import { CaseChecks } from './support/case-checks';
import { Coverage, fuzz, LONG, MINUTES, Violation } from './support/fuzz-config';
import { callHttp, requestOf, sendHttp, type HttpCall } from './support/http-transport';
import { HealthWatcher } from './support/health-watcher';
import { apiStatusProblem, integrityCheck, settle, Sentinels, withHealthProbe } from './support/invariants';
import { jsonJunk } from './support/junk';
import { operationCase } from './support/operation-cases';
import { ServeUnderTest } from './support/serve-under-test';
import { buildWorld, SENTINEL_SLUG, type Setup } from './support/world';

const tmp = tempDir('hookbay-fuzz-api-');
const serve = new ServeUnderTest(tmp.dir);
let target: TargetServer;
let setup: Setup;
let sentinels: Sentinels;
let checks: CaseChecks;
// Health is timed from another process: this one stalls itself sending a URL of megabytes.
const health = new HealthWatcher();
const excluded = new Excluded();
const coverage = new Coverage();

const call = async (op: HttpCall['op'], input: unknown) => {
  const r = await callHttp(serve.core.apiUrl, serve.core.token, { op, input });
  let value: unknown = null;
  try {
    value = JSON.parse(r.body);
  } catch {
    /* not JSON */
  }
  return { ok: r.status >= 200 && r.status < 300, value };
};

beforeAll(async () => {
  target = await startTarget();
  await serve.start();
  setup = await buildWorld(call, serve.core.receiverUrl, target.url);
  sentinels = new Sentinels(serve.core.receiverUrl, SENTINEL_SLUG);
  checks = new CaseChecks({ transport: 'http', setup, sentinels, excluded, call, receiverUrl: () => serve.core.receiverUrl });
}, 60_000);

afterAll(async () => {
  health.close();
  await serve.stop();
  await target?.close();
  tmp.remove();
});

/** Present one time in `oneIn`, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** A contract call, sometimes with the transport broken around it. */
const httpCase: fc.Arbitrary<HttpCall> = fc
  .record({
    c: fc.constant(null).chain(() => operationCase(setup.world, jsonJunk)),
    rawParam: sometimes(fc.constantFrom('%ZZ', '%', '%E0%A4%A', '..', '%2F%2F', '%00', '\u00e9', 'x'.repeat(5000)), 12),
    rawBody: sometimes(
      fc.oneof(
        fc.constantFrom('not json', '{', '[]', 'null', '"x"', '{"__proto__":{"id":1}}', `${'['.repeat(100_000)}`, '\ufeff{}'),
        // Deeper than the value junk, written as text, which is cheaper to make (issue 11: verify.options 5,000 deep).
        fc.integer({ min: 4000, max: 12_000 }).map((n) => `{"name":"deep","slug":"deep","verify":{"scheme":"stripe","options":${'{"a":'.repeat(n)}1${'}'.repeat(n)}},"har":${'['.repeat(n)}${']'.repeat(n)}}`),
      ),
      12,
    ),
    contentType: sometimes(fc.constantFrom('text/plain', 'application/json; charset=latin1', 'APPLICATION/JSON', ''), 12),
  })
  .map(({ c, rawParam, rawBody, contentType }) => ({
    op: c.op,
    input: c.input,
    ...(rawParam !== null ? { rawParam } : {}),
    ...(rawBody !== null ? { rawBody } : {}),
    ...(contentType !== null ? { contentType } : {}),
  }));

describe('fuzzing the HTTP API', () => {
  it(
    'keeps every invariant for schema-derived, mutated and junk calls of every operation',
    async () => {
      const findings = await fuzz(
        'api',
        httpCase,
        async (c) => {
          if (checks.leaveOut(c)) return;
          const probe = () => health.probe(serve.core.apiUrl, serve.core.token);
          const unsettled = await settle(probe);
          if (unsettled) throw new Violation(unsettled);
          const request = requestOf(c);
          const { result, healthProblem } = await withHealthProbe(probe, () => sendHttp(serve.core.apiUrl, serve.core.token, request));
          coverage.add(c.op, result.status);
          // Past Node's 16 KiB request-head limit the server answers 431 and closes while the client may
          // still be writing: a reset then is the documented refusal, not a failure.
          const overHead = request.pathAndQuery.length > 16 * 1024 && (result.status === 0 || result.status === 431);
          const problems = [overHead ? null : apiStatusProblem(result.status, result.body), healthProblem].filter((p) => p !== null);
          if (result.status >= 200 && result.status < 300) setup.harvest(c.op, JSON.parse(result.body || 'null'));
          const died = await serve.ensureUp();
          if (died) problems.push(died);
          problems.push(...(await checks.afterCase()));
          if (problems.length > 0) {
            const log = serve.logErrors();
            throw new Violation(`${c.op}: ${problems.join('; ')}${log ? `\nlog: ${log}` : ''}`);
          }
        },
        60,
        LONG ? MINUTES * 60_000 : 120_000,
      );
      excluded.report('api');
      coverage.report('api');

      // Everything acknowledged is still there, byte-exact, and the database is sound.
      await serve.ensureUp();
      const lost = await sentinels.verify(async (id) => {
        const r = await callHttp(serve.core.apiUrl, serve.core.token, { op: 'getRequest', input: { id } });
        const v = r.status === 200 ? (JSON.parse(r.body) as { bodyBase64: string; path: string }) : undefined;
        return { status: r.status, bodyBase64: v?.bodyBase64, path: v?.path };
      });
      expect(sentinels.acks.length).toBeGreaterThan(0);
      expect(lost).toEqual([]);
      expect(sentinels.failures).toEqual([]);
      expect(integrityCheck(serve.dbFile)).toBe('ok');
      expect(serve.deaths).toEqual([]);
      expect(findings).toEqual([]);
    },
    LONG ? MINUTES * 60_000 + 600_000 : 300_000,
  );
});
