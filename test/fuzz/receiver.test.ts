/**
 * Fuzzes the receiver (the port a tunnel exposes to the internet) with raw bytes over
 * sockets: request targets of every form, methods, header sets, encodings, body bombs,
 * chunked framing, pipelining and arbitrary write boundaries, against a real headless
 * Hookbay whose endpoints verify signatures and forward (one to a path-less target).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type TargetServer } from '../support/target-server';
import { tempDir } from '../support/temp';
import { Excluded, knownFindingOf } from './known-findings';
import { Coverage, fuzz, LONG, MINUTES, show, Violation } from './support/fuzz-config';
import { callHttp } from './support/http-transport';
import { HealthWatcher } from './support/health-watcher';
import { integrityCheck, settle, receiverStatusProblem, withHealthProbe } from './support/invariants';
import { exchange } from './support/raw-client';
import { describeCase, receiverCaseArb, writesOf, type ReceiverCase } from './support/receiver-cases';
import { ServeUnderTest } from './support/serve-under-test';

const tmp = tempDir('hookbay-fuzz-receiver-');
const serve = new ServeUnderTest(tmp.dir);
let target: TargetServer;
const excluded = new Excluded();
const coverage = new Coverage();
// Health is timed from a process of its own: this process builds and sends bodies of up to
// 12 MiB, and its own stall while doing so is not the server's (see support/health-watcher.ts).
const health = new HealthWatcher();

interface ReceiverAck {
  id: number;
  method: string;
  body: Buffer;
  what: string;
}
const acks: ReceiverAck[] = [];

async function api(op: Parameters<typeof callHttp>[2]['op'], input: unknown): Promise<unknown> {
  const r = await callHttp(serve.core.apiUrl, serve.core.token, { op, input });
  if (r.status >= 300) throw new Error(`${op}: ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

beforeAll(async () => {
  target = await startTarget();
  await serve.start();
  // The default endpoint forwards to a target without a path; the others verify and forward.
  await api('updateEndpoint', { id: 'default', forward: [{ url: target.url }], retry: { maxAttempts: 1 } });
  await api('createEndpoint', { name: 'Stripe', slug: 'stripe', verify: { scheme: 'stripe', secrets: ['whsec_fuzz_0123456789'] }, forward: [{ url: `${target.url}/in` }] });
  await api('createEndpoint', { name: 'GitHub', slug: 'github', verify: { scheme: 'github', secrets: ['gh-fuzz'] } });
  await api('createEndpoint', { name: 'Waiter', slug: 'waiter', forward: [{ url: `${target.url}/w` }], responseMode: { mode: 'wait', timeoutMs: 2000 } });
}, 60_000);

afterAll(async () => {
  health.close();
  await serve.stop();
  await target?.close();
  tmp.remove();
});

describe('fuzzing the receiver with raw bytes', () => {
  it(
    'keeps every invariant for any request target, method, header set, encoding, bomb and pipeline',
    async () => {
      const findings = await fuzz(
        'receiver',
        receiverCaseArb,
        async (generated: ReceiverCase) => {
          // A request of a known finding is taken out of its pipeline (and counted), not the whole case.
          const requests = generated.requests.filter((r) => {
            const known = knownFindingOf({ transport: 'receiver', target: r.target, input: r });
            if (known) excluded.count(known);
            return known === null;
          });
          if (requests.length === 0) return;
          const c = { ...generated, requests };
          const methods = c.requests.map((r) => r.method);
          const probe = () => health.probe(serve.core.apiUrl, serve.core.token);
          const unsettled = await settle(probe);
          if (unsettled) throw new Violation(unsettled);
          const { result, healthProblem } = await withHealthProbe(
            probe,
            () => exchange(serve.core.receiverPort, writesOf(c), c.requests.length, methods),
          );
          const problems: string[] = [];
          c.requests.forEach((r, i) => coverage.add(r.form, result.responses[i]?.status ?? 'none'));
          result.responses.forEach((res, i) => {
            const p = receiverStatusProblem(res.status, res.body.toString('utf8'));
            if (p) problems.push(`response ${i}: ${p}`);
            const id = res.headers.find(([k]) => k.toLowerCase() === 'x-hookbay-request-id')?.[1];
            const req = c.requests[i];
            // An acknowledgement of a well-formed request promises it is stored as sent.
            if (req && id && res.status >= 200 && res.status < 300 && c.requests.slice(0, i + 1).every((r) => r.clean)) {
              acks.push({ id: Number(id), method: req.method, body: req.body, what: describeCase({ ...c, requests: [req] }) });
            }
          });
          if (healthProblem) problems.push(healthProblem);
          const died = await serve.ensureUp();
          if (died) problems.push(died);
          if (problems.length > 0) {
            const log = serve.logErrors();
            throw new Violation(`${describeCase(c)}: ${problems.join('; ')}${log ? `\nlog: ${log}` : ''}`);
          }
        },
        40,
        LONG ? MINUTES * 60_000 : 120_000,
        describeCase,
      );
      excluded.report('receiver');
      coverage.report('receiver');

      await serve.ensureUp();
      const lost: string[] = [];
      for (const a of acks) {
        const r = await callHttp(serve.core.apiUrl, serve.core.token, { op: 'getRequest', input: { id: a.id } });
        const v = r.status === 200 ? (JSON.parse(r.body) as { method: string; bodyBase64: string }) : null;
        if (!v) lost.push(`${a.id} (${a.what}): read back ${r.status}`);
        else if (v.method !== a.method || Buffer.from(v.bodyBase64, 'base64').compare(a.body) !== 0) lost.push(`${a.id} (${a.what}): stored ${v.method}, ${Buffer.from(v.bodyBase64, 'base64').length} B`);
      }
      console.log(`[fuzz] receiver: ${acks.length} acknowledged captures read back`);
      expect(acks.length).toBeGreaterThan(0);
      expect(lost.map((l) => show(l))).toEqual([]);
      expect(integrityCheck(serve.dbFile)).toBe('ok');
      expect(serve.deaths).toEqual([]);
      expect(findings).toEqual([]);
    },
    LONG ? MINUTES * 60_000 + 600_000 : 300_000,
  );
});
