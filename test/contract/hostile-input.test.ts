import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { send } from '../support/target-server';
import { tempDir } from '../support/temp';

// Issue 11, "Validate at the contract" and its "Also" list, each case over the real HTTP API:
// every one answered 500 (or was saved and crashed the relay later) before.

let h: Headless;
const tmp = tempDir();
const TOKEN = 'hostile-input-token-0123456789abcdef';

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
});
afterAll(async () => {
  await h.close();
  tmp.remove();
});

interface Answer {
  status: number;
  json: { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } & Record<string, unknown>;
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await send(`${h.apiUrl}${path}`, {
    method,
    headers: [
      // Node adds no Host when headers are given as a list; the API requires one.
      ['Host', new URL(h.apiUrl).host],
      ['Authorization', `Bearer ${TOKEN}`],
      ...(body === undefined ? [] : ([['Content-Type', 'application/json']] as [string, string][])),
    ],
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(res.body.toString('utf8') || '{}') as Answer['json'] };
}

/** A 400 whose issues name `field` (exactly, or a path under it). */
function expectFieldError(a: Answer, field: string): void {
  expect(a.status, JSON.stringify(a.json)).toBe(400);
  expect(a.json.error?.code).toBe('invalid_input');
  const paths = (a.json.error?.issues ?? []).map((i) => i.path);
  expect(paths.some((p) => p === field || p.startsWith(`${field}.`)), `issues ${JSON.stringify(paths)} name ${field}`).toBe(true);
}

/** JSON text nested `depth` objects deep (built as text: JSON.stringify itself recurses). */
const nested = (depth: number): string => `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;

describe('URL fields are absolute http(s) URLs with a host', () => {
  const bad = ['localhost:28901/flaky', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/x', 'http://', '/relative', `http://x/${"a".repeat(3000)}`];

  it.each(bad)('refuses forward target %# naming forward.0.url', async (url) => {
    expectFieldError(await call('POST', '/api/endpoints', { name: 'x', slug: 'badurl', forward: [{ url }] }), 'forward.0.url');
  });

  it.each(bad)('refuses verify.publicUrl, replay and bulk-replay URLs and the tunnel host (case %#)', async (url) => {
    expectFieldError(await call('POST', '/api/endpoints', { name: 'x', slug: 'badpub', verify: { scheme: 'twilio', publicUrl: url } }), 'verify.publicUrl');
    expectFieldError(await call('POST', '/api/requests/1/replay', { url }), 'url');
    expectFieldError(await call('POST', '/api/replay', { ids: [1], url }), 'url');
    expectFieldError(await call('PUT', '/api/tunnel', { enabled: false, host: url }), 'host');
  });

  it('still accepts http and https targets with or without a path', async () => {
    const ok = await call('POST', '/api/endpoints', {
      name: 'ok',
      slug: 'goodurls',
      forward: [{ url: 'http://localhost:28901/flaky' }, { url: 'https://[::1]:8443' }, { url: 'http://127.0.0.1:3000/' }],
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(201);
  });
});

describe('endpoint response headers', () => {
  it.each([
    ['a CR/LF in a value', [['X-A', 'ok\r\nSet-Cookie: x=1']], 'response.headers.0.1'],
    ['a NUL in a value', [['X-A', 'a\u0000b']], 'response.headers.0.1'],
    ['a space in a name', [['Bad Name', 'v']], 'response.headers.0.0'],
    ['an empty name', [['', 'v']], 'response.headers.0.0'],
    ['a colon in a name', [['X-A:', 'v']], 'response.headers.0.0'],
    ['Content-Length', [['Content-Type', 'text/plain'], ['Content-Length', '5']], 'response.headers.1.0'],
    ['Transfer-Encoding', [['transfer-encoding', 'chunked']], 'response.headers.0.0'],
    ['Connection', [['Connection', 'close']], 'response.headers.0.0'],
    ['a non-Latin-1 value', [['X-A', 'ü€']], 'response.headers.0.1'],
  ])('refuses %s', async (_name, headers, field) => {
    expectFieldError(await call('POST', '/api/endpoints', { name: 'x', slug: 'hdrs', response: { headers } }), field);
  });

  it.each([100, 101, 103, 199])('refuses a configured response status %i (1xx is not a final answer: the sender would see a hang-up and retry)', async (status) => {
    expectFieldError(await call('POST', '/api/endpoints', { name: 'x', slug: `st${status}`, response: { status } }), 'response.status');
  });

  it('keeps answering captures with valid configured headers', async () => {
    const made = await call('POST', '/api/endpoints', { name: 'x', slug: 'hdrok', response: { status: 202, headers: [['X-Thing', 'a b\tc'], ['Content-Type', 'text/plain']], body: 'hi' } });
    expect(made.status).toBe(201);
    const res = await send(`${h.app.receiverUrl}/hdrok`, { body: '{}' });
    expect(res.status).toBe(202);
    expect(res.body.toString()).toBe('hi');
  });
});

describe('sizes, list lengths and depth have limits', () => {
  it('refuses verify.options nested 5,000 deep with a 400, not a 500', async () => {
    for (const scheme of ['custom', 'github', 'stripe', 'auto']) {
      const body = `{"name":"x","slug":"deep","verify":{"scheme":"${scheme}","options":${nested(5000)}}}`;
      expectFieldError(await call('POST', '/api/endpoints', body), 'verify.options');
      const patch = `{"verify":{"scheme":"${scheme}","options":${nested(5000)}}}`;
      expectFieldError(await call('PATCH', '/api/endpoints/default', patch), 'verify.options');
    }
    const shallow = `{"name":"x","slug":"deep","verify":{"scheme":"custom","options":${nested(20)}}}`;
    expectFieldError(await call('POST', '/api/endpoints', shallow), 'verify.options');
  });

  it('refuses an export filter with 33,000 event values with a 400, not "too many SQL variables"', async () => {
    const event = Array.from({ length: 33_000 }, (_, i) => `evt.${i}`);
    expectFieldError(await call('POST', '/api/export/json', { filter: { event } }), 'filter.event');
    expectFieldError(await call('POST', '/api/replay', { filter: { method: Array.from({ length: 5000 }, () => 'GET') } }), 'filter.method');
  });

  it('refuses too many forward rules, secrets and replay headers', async () => {
    expectFieldError(
      await call('POST', '/api/endpoints', { name: 'x', slug: 'rules', forward: [{ url: 'http://localhost:1', rules: { eventTypes: Array.from({ length: 500 }, (_, i) => `e${i}`) } }] }),
      'forward.0.rules.eventTypes',
    );
    expectFieldError(await call('POST', '/api/endpoints', { name: 'x', slug: 'secrets', verify: { scheme: 'github', secrets: Array.from({ length: 100 }, (_, i) => `s${i}`) } }), 'verify.secrets');
    expectFieldError(await call('POST', '/api/requests/1/replay', { headers: [['Bad Name', 'v']] }), 'headers.0.0');
  });
});

describe('undecodable paths and queries', () => {
  it.each(['/api/requests/%ZZ', '/api/requests/%', '/api/requests/%C0%AF', '/api/endpoints/%E0%A4%A/read'])('answers 400 to %s', async (path) => {
    const method = path.endsWith('/read') ? 'POST' : 'GET';
    const a = await call(method, path, method === 'POST' ? {} : undefined);
    expect(a.status, JSON.stringify(a.json)).toBe(400);
    expect(a.json.error?.code).toBe('invalid_input');
    expect(a.json.error?.issues?.[0]?.path).toBe('id');
  });

  it('answers 400 naming the query field whose value is undecodable', async () => {
    const a = await call('GET', '/api/requests?q=%ZZ');
    expect(a.status).toBe(400);
    expect(a.json.error?.issues?.[0]?.path).toBe('q');
  });
});

describe('malformed HAR imports name the entry', () => {
  it.each([
    ['a null entry', [null], 'har.log.entries.0'],
    ['headers as an object', [{ request: { method: 'POST', url: 'http://x/a', headers: {} } }], 'har.log.entries.0.request.headers'],
    ['a header without a name', [{ request: { method: 'POST', url: 'http://x/a', headers: [{ value: 'v' }] } }], 'har.log.entries.0.request.headers.0.name'],
    ['postData params as a string', [{ request: { method: 'POST', url: 'http://x/a', postData: { params: 'a=1' } } }], 'har.log.entries.0.request.postData.params'],
    ['a number as the URL', [{ request: { method: 'GET', url: 1 } }], 'har.log.entries.0.request.url'],
    ['a string entry second', [{ request: { method: 'GET', url: 'http://x/' } }, 'nope'], 'har.log.entries.1'],
  ])('refuses %s', async (_name, entries, field) => {
    expectFieldError(await call('POST', '/api/import/har', { har: { log: { entries } } }), field);
    expectFieldError(await call('POST', '/api/import/har', { har: JSON.stringify({ log: { entries } }) }), field);
  });

  it.each([null, 5, 'null', '[]', '{"log":null}'])('refuses HAR %j', async (har) => {
    const a = await call('POST', '/api/import/har', { har });
    expect(a.status).toBe(400);
  });
});

describe('event-type filters', () => {
  it('treat a comma as part of the value, on the query string and in a JSON filter', async () => {
    await send(`${h.app.receiverUrl}/commas`, { headers: [['X-GitHub-Event', 'a,b']], body: '{}' });
    await send(`${h.app.receiverUrl}/commas`, { headers: [['X-GitHub-Event', 'a']], body: '{}' });
    const byQuery = await call('GET', '/api/requests?event=a%2Cb');
    expect((byQuery.json.items as { eventType: string }[]).map((r) => r.eventType)).toEqual(['a,b']);
    const both = await call('GET', '/api/requests?event=a%2Cb&event=a');
    expect((both.json.items as unknown[]).length).toBe(2);
    const exported = await call('POST', '/api/export/json', { filter: { event: 'a,b' } });
    expect((exported.json.requests as unknown[]).length).toBe(1);
  });
});
