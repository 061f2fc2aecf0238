import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, type OperationName } from '../../src-main/contract';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { send } from '../support/target-server';
import { tempDir } from '../support/temp';

/**
 * Every contract operation's HTTP route answers junk with a 4xx, never a 5xx (the documented
 * storage 503 aside). Inputs come from each schema's own field names: junk values for them,
 * and valid inputs with one field (at any depth) replaced by junk. Small and fast on purpose;
 * the long-running fuzzer lives elsewhere. Seed: HOOKBAY_JUNK_SEED.
 */

const SEED = Number(process.env.HOOKBAY_JUNK_SEED ?? 1102);
let h: Headless;
const tmp = tempDir();
const TOKEN = 'routes-junk-token-0123456789abcdef';

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
});
afterAll(async () => {
  await h.close();
  tmp.remove();
});

/** Valid inputs to mutate; operations not listed start from `{}`. */
const VALID: Partial<Record<OperationName, Record<string, unknown>>> = {
  createEndpoint: {
    name: 'n',
    slug: 'junk',
    verify: { scheme: 'custom', secrets: ['s'], options: { signatureHeader: 'X-Sig' }, publicUrl: 'http://localhost/x' },
    forward: [{ url: 'http://127.0.0.1:9/x', rules: { eventTypes: ['a'], methods: ['POST'], paths: ['/a'] } }],
    response: { status: 200, headers: [['X-A', 'b']], body: 'ok' },
    retry: { maxAttempts: 1, scheduleMs: [10] },
  },
  updateEndpoint: { id: 'default', name: 'n', response: { headers: [['X-A', 'b']] } },
  replayRequest: { id: 1, url: 'http://127.0.0.1:9/', headers: [['X-A', 'b']], path: '/x', method: 'POST' },
  replayMany: { ids: [1], url: 'http://127.0.0.1:9/' },
  exportJson: { filter: { event: ['a'], method: 'GET' } },
  exportHar: { ids: [1] },
  importHar: { har: { log: { entries: [{ request: { method: 'POST', url: 'http://x/a', headers: [{ name: 'A', value: 'b' }] } }] } } },
  // Never opens a tunnel: that would reach for the network.
  setTunnel: { enabled: false, host: 'http://localhost:1' },
  listRequests: { event: ['a'], limit: 5 },
};

const junkLeaf = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '%ZZ', '\r\nX: 1', '\u0000', 'localhost:1/x', 'file:///etc/passwd', 'javascript:alert(1)', '-1', 'NaN', '1e400', '__proto__', 'constructor'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 53, Number.MAX_VALUE, 1e21),
  fc.boolean(),
  fc.constant(null),
);
const deep = fc.integer({ min: 50, max: 3000 }).map((n) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`) as unknown);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: junkLeaf },
  { weight: 1, arbitrary: fc.array(junkLeaf, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), junkLeaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1001, max: 40_000 }).map((n) => Array.from({ length: n }, (_, i) => `v${i}`)) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 2_000_000 }).map((n) => 'x'.repeat(n)) },
);

function fieldsOf(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Every path into a value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), by);
  return copy;
}

function inputFor(name: OperationName): fc.Arbitrary<Record<string, unknown>> {
  const valid = VALID[name] ?? {};
  const fields = [...new Set([...fieldsOf(contract[name].input), 'unknownField'])];
  const junkFields = fc
    .subarray(fields, { minLength: 1 })
    .chain((keys) => fc.tuple(...keys.map((k) => junk.map((v) => [k, v] as const))))
    .map((pairs) => ({ ...valid, ...Object.fromEntries(pairs) }));
  const paths = pathsOf(valid);
  if (paths.length === 0) return junkFields;
  const mutated = fc.tuple(fc.constantFrom(...paths), junk).map(([p, v]) => replaced(valid, p, v) as Record<string, unknown>);
  return fc.oneof(junkFields, mutated);
}

/** The HTTP call the contract declares, with `:params` taken from the input (junk or not). */
async function callRoute(name: OperationName, input: Record<string, unknown>, rawParam: string | null): Promise<number> {
  const { method, path } = contract[name].http;
  const rest = { ...input };
  const url = path.replace(/:([a-zA-Z]+)/g, (_m, p: string) => {
    const v = rest[p];
    delete rest[p];
    if (rawParam !== null) return rawParam;
    const text = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
    return encodeURIComponent(text) || 'x';
  });
  let target = url;
  let body: string | undefined;
  if (method === 'GET' || method === 'DELETE') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) params.append(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
    const qs = params.toString();
    if (qs) target += `?${qs}`;
  } else {
    body = JSON.stringify(rest);
  }
  const res = await send(`${h.apiUrl}${target}`, {
    method,
    headers: [
      ['Host', new URL(h.apiUrl).host],
      ['Authorization', `Bearer ${TOKEN}`],
      ...(body === undefined ? [] : ([['Content-Type', 'application/json']] as [string, string][])),
    ],
    body,
  });
  if (res.status >= 500) throw new Error(`${method} ${target.slice(0, 200)} → ${res.status} ${res.body.toString().slice(0, 300)}`);
  return res.status;
}

const rawParams = fc.constantFrom(null, null, null, '%ZZ', '%', '%C0%AF', '..', '%2F', '-1', '1e400', '99999999999999999999', 'x'.repeat(5000));

describe('every contract route answers junk with a 4xx', () => {
  for (const name of Object.keys(contract) as OperationName[]) {
    it(`${contract[name].http.method} ${contract[name].http.path} (${name})`, async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(name), rawParams, async (input, rawParam) => {
          const status = await callRoute(name, input, contract[name].http.path.includes(':') ? rawParam : null);
          expect(status).toBeLessThan(500);
        }),
        { seed: SEED, numRuns: 25 },
      );
    });
  }

  it('leaves the server healthy', async () => {
    expect(await callRoute('health', {}, null)).toBe(200);
  });
});
