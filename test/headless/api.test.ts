import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { tempDir } from '../support/temp';

let h: Headless;
const tmp = tempDir();
const TOKEN = 'test-token-0123456789abcdef';

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
});
afterAll(async () => {
  await h.close();
  tmp.remove();
});

interface Reply {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      `${h.apiUrl}${path}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function capture(path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${h.app.receiverUrl}${path}`, { method: 'POST', body, headers });
  expect(res.status).toBeLessThan(300);
  return Number(res.headers.get('x-hookbay-request-id'));
}

describe('API guard', () => {
  it('answers health with a version, its status and the relay state', async () => {
    const r = await call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true, version: expect.any(String), status: 'ok', problems: [], relay: 'running' });
  });

  it('rejects a missing or wrong token', async () => {
    expect((await call('GET', '/api/health', undefined, { Authorization: '' })).status).toBe(401);
    const wrong = await call('GET', '/api/endpoints', undefined, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('unauthorized');
  });

  it('rejects foreign Host headers (DNS rebinding)', async () => {
    const r = await call('GET', '/api/health', undefined, { Host: 'attacker.example:8788' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden_host');
  });

  it('rejects foreign Origin headers (CSRF from a web page)', async () => {
    const r = await call('POST', '/api/endpoints', { name: 'x', slug: 'x' }, { Origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden_origin');
  });

  it('rejects malformed JSON and non-JSON bodies naming the problem', async () => {
    const bad = await call('POST', '/api/endpoints', '{"name":');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_json');
    const form = await call('POST', '/api/endpoints', 'name=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('names the invalid field', async () => {
    const r = await call('POST', '/api/endpoints', { name: 'Shop', slug: 'shop', forward: [{ url: 'not a url' }] });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_input');
    expect(r.json.error.issues).toContainEqual({ path: 'forward.0.url', message: expect.any(String) });
    expect(r.json.error.message).toContain('forward.0.url');
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const r = await call('POST', '/api/endpoints', { name: 'Shop', slug: 'shop2', secret: 'oops' });
    expect(r.status).toBe(400);
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await call('GET', '/api/nope')).status).toBe(404);
    expect((await call('PUT', '/api/health', {})).status).toBe(405);
  });
});

describe('endpoints', () => {
  it('creates, lists, updates and deletes', async () => {
    const created = await call('POST', '/api/endpoints', { name: 'GitHub', slug: 'github' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: 'github', name: 'GitHub', builtIn: false });
    expect(created.json.localUrl).toBe(`${h.app.receiverUrl}/github`);

    const taken = await call('POST', '/api/endpoints', { name: 'Again', slug: 'github' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.issues[0].path).toBe('slug');

    const list = await call('GET', '/api/endpoints');
    expect(list.json.map((e: { slug: string }) => e.slug)).toEqual(['default', 'github']);

    const patched = await call('PATCH', `/api/endpoints/${created.json.id}`, { name: 'GitHub app' });
    expect(patched.json.name).toBe('GitHub app');

    expect((await call('DELETE', `/api/endpoints/${created.json.id}`)).status).toBe(200);
    expect((await call('DELETE', '/api/endpoints/ep_default')).status).toBe(400);
  });
});

describe('requests', () => {
  it('lists newest first with keyset pagination and filters', async () => {
    await call('POST', '/api/endpoints', { name: 'Shop', slug: 'shop' });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await capture('/shop/orders', JSON.stringify({ topic: i % 2 ? 'orders/paid' : 'orders/create', n: i }), {
          'Content-Type': 'application/json',
        }),
      );
    }
    const page1 = await call('GET', '/api/requests?endpoint=shop&limit=2');
    expect(page1.json.items.map((r: { id: number }) => r.id)).toEqual([ids[4], ids[3]]);
    const page2 = await call('GET', `/api/requests?endpoint=shop&limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items.map((r: { id: number }) => r.id)).toEqual([ids[2], ids[1]]);
    const page3 = await call('GET', `/api/requests?endpoint=shop&limit=2&cursor=${page2.json.nextCursor}`);
    expect(page3.json.items.map((r: { id: number }) => r.id)).toEqual([ids[0]]);
    expect(page3.json.nextCursor).toBeNull();

    const paid = await call('GET', '/api/requests?endpoint=shop&event=orders/paid');
    expect(paid.json.items.map((r: { id: number }) => r.id)).toEqual([ids[3], ids[1]]);

    const facets = await call('GET', '/api/facets?endpoint=shop');
    expect(facets.json.eventTypes).toEqual([
      { value: 'orders/create', count: 3 },
      { value: 'orders/paid', count: 2 },
    ]);

    const unknown = await call('GET', '/api/requests?endpoint=nope');
    expect(unknown.status).toBe(404);
    const badCursor = await call('GET', '/api/requests?cursor=zzz');
    expect(badCursor.status).toBe(400);
  });

  it('searches path, headers and bodies with full text, safely', async () => {
    const id = await capture('/search/me', '{"customer":"zanzibar-unique"}', {
      'Content-Type': 'application/json',
      'X-Trace-Tag': 'marmalade',
    });
    const byBody = await call('GET', '/api/requests?q=zanzibar');
    expect(byBody.json.items.map((r: { id: number }) => r.id)).toEqual([id]);
    const byHeader = await call('GET', '/api/requests?q=marmalade');
    expect(byHeader.json.items.map((r: { id: number }) => r.id)).toEqual([id]);
    // FTS syntax characters in user text must not break the query.
    const weird = await call('GET', `/api/requests?q=${encodeURIComponent('"zanz* OR ( NEAR')}`);
    expect(weird.status).toBe(200);
  });

  it('returns one request byte-exact and deletes it', async () => {
    const id = await capture('/x', 'hello');
    const r = await call('GET', `/api/requests/${id}`);
    expect(Buffer.from(r.json.bodyBase64, 'base64').toString()).toBe('hello');
    expect(r.json.verification.status).toBe('unverified');
    expect(r.json.deliveries).toEqual([]);
    expect((await call('DELETE', `/api/requests/${id}`)).status).toBe(200);
    expect((await call('GET', `/api/requests/${id}`)).status).toBe(404);
  });

  it('clears an endpoint', async () => {
    await call('POST', '/api/endpoints', { name: 'Temp', slug: 'temp' });
    await capture('/temp', 'a');
    await capture('/temp', 'b');
    const cleared = await call('DELETE', '/api/endpoints/temp/requests');
    expect(cleared.json).toEqual({ deleted: 2 });
    expect((await call('GET', '/api/requests?endpoint=temp')).json.items).toEqual([]);
  });
});

describe('server-sent events', () => {
  it('pushes captured requests live', async () => {
    const controller = new AbortController();
    const res = await fetch(`${h.apiUrl}/api/events`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const seen: string[] = [];
    const read = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen.push(decoder.decode(value));
        if (seen.join('').includes('request.captured')) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const id = await capture('/live', 'ping');
    await read;
    controller.abort();
    const event = seen
      .join('')
      .split('\n\n')
      .find((block) => block.includes('request.captured'))!;
    const data = JSON.parse(event.replace(/^data: /m, ''));
    expect(data).toMatchObject({ type: 'request.captured', request: { id, path: '/live' } });
  });
});
