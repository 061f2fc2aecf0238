import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { tempDir } from '../support/temp';

// Complements test/headless/api.test.ts (token missing/wrong, one foreign Host, one foreign
// Origin, malformed JSON, 415) with the variants an attacker would try next.

let h: Headless;
let port: number;
const tmp = tempDir();
const TOKEN = 'abuse-test-token-0123456789abcdef';

beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
  port = Number(new URL(h.apiUrl).port);
});
afterAll(async () => {
  await h.close();
  tmp.remove();
});

interface Raw {
  status: number;
  head: string;
  json: { error?: { code: string; message: string; issues?: { path: string }[] } } & Record<string, unknown>;
}

/** One request over a raw socket: full control of Host, Origin and framing. */
function raw(lines: string[], body: Buffer | string = '', keepOpen = false): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      const head = all.slice(0, split);
      const text = all.slice(split + 4);
      let json = {} as Raw['json'];
      try {
        json = JSON.parse(text) as Raw['json'];
      } catch {
        /* not JSON */
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, json });
    };
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks).toString('latin1');
      const split = all.indexOf('\r\n\r\n');
      const len = /content-length: (\d+)/i.exec(all.slice(0, split))?.[1];
      if (split !== -1 && len !== undefined && all.length >= split + 4 + Number(len)) {
        s.destroy();
        done();
      }
    });
    s.on('error', reject);
    s.write([...lines, '', ''].join('\r\n'));
    if (body.length) s.write(body);
    if (!keepOpen) s.end();
  });
}

const get = (path: string, headers: string[]) => raw([`GET ${path} HTTP/1.1`, ...headers]);
const authed = (path: string, headers: string[] = []) =>
  get(path, [`Host: 127.0.0.1:${port}`, `Authorization: Bearer ${TOKEN}`, ...headers]);

describe('API token', () => {
  it.each([
    ['a token in the query string of a normal call', [], `/api/endpoints?token=${TOKEN}`],
    ['Basic auth', [`Authorization: Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`], '/api/endpoints'],
    ['the token with a suffix', [`Authorization: Bearer ${TOKEN}x`], '/api/endpoints'],
    ['a prefix of the token', [`Authorization: Bearer ${TOKEN.slice(0, -1)}`], '/api/endpoints'],
    ['an empty bearer', ['Authorization: Bearer '], '/api/endpoints'],
    ['the event stream without its token', [], '/api/events'],
  ])('rejects %s with 401', async (_name, headers, path) => {
    const r = await get(path, [`Host: localhost:${port}`, ...headers]);
    expect(r.status).toBe(401);
    expect(r.json.error?.code).toBe('unauthorized');
    expect(r.head).toMatch(/WWW-Authenticate: Bearer/i);
  });
});

describe('DNS rebinding (Host)', () => {
  it.each(['localhost.evil.example', '127.0.0.1.nip.io', 'evil.example', '127.0.0.2', '0.0.0.0', 'localhost@evil.example'])(
    'rejects Host %s even with the right token',
    async (host) => {
      const r = await get('/api/health', [`Host: ${host}:${port}`, `Authorization: Bearer ${TOKEN}`]);
      expect(r.status).toBe(403);
      expect(r.json.error?.code).toBe('forbidden_host');
      expect(r.json.error?.message).toContain(host);
    },
  );

  it('rejects a request without a Host header, saying one is required', async () => {
    const r = await raw(['GET /api/health HTTP/1.0', `Authorization: Bearer ${TOKEN}`]);
    expect(r.status).toBe(403);
    expect(r.json.error?.message).toMatch(/Host header is required/);
  });

  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '[::1]'])('accepts Host %s', async (host) => {
    expect((await get('/api/health', [`Host: ${host}:${port}`, `Authorization: Bearer ${TOKEN}`])).status).toBe(200);
  });
});

describe('CSRF (Origin)', () => {
  it.each([
    ['null', 'null'],
    ['another local port', 'http://localhost:1'],
    ['https on our port', `https://localhost:${PORT_PLACEHOLDER()}`],
    ['a look-alike host', `http://localhost.evil.example:${PORT_PLACEHOLDER()}`],
    ['a foreign site', 'https://evil.example'],
  ])('rejects Origin: %s on writes and on the event stream', async (_name, origin) => {
    const o = origin.replace('PORT', String(port));
    const write = await raw(
      ['POST /api/endpoints HTTP/1.1', `Host: localhost:${port}`, `Authorization: Bearer ${TOKEN}`, `Origin: ${o}`, 'Content-Type: application/json', 'Content-Length: 25'],
      '{"name":"x","slug":"csrf"}'.slice(0, 25),
    );
    expect(write.status).toBe(403);
    expect(write.json.error?.code).toBe('forbidden_origin');
    const stream = await get(`/api/events?token=${TOKEN}`, [`Host: localhost:${port}`, `Origin: ${o}`]);
    expect(stream.status).toBe(403);
  });

  it('accepts its own origin', async () => {
    expect((await authed('/api/health', [`Origin: http://127.0.0.1:${port}`])).status).toBe(200);
  });
});

function PORT_PLACEHOLDER(): string {
  return 'PORT';
}

describe('bodies', () => {
  const post = (body: Buffer | string, extra: string[] = [], length = Buffer.byteLength(body)) =>
    raw(
      ['POST /api/endpoints HTTP/1.1', `Host: localhost:${port}`, `Authorization: Bearer ${TOKEN}`, 'Content-Type: application/json', `Content-Length: ${length}`, ...extra],
      body,
      length > Buffer.byteLength(body),
    );

  it('refuses an oversized declared body at once with 413, without reading it', async () => {
    const r = await post('', [], 200 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.json.error?.code).toBe('payload_too_large');
    expect(r.json.error?.message).toMatch(/exceeds \d+ bytes/);
  });

  it('refuses an oversized chunked body with 413 once it passes the limit', async () => {
    const r = await new Promise<Raw>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      let out = '';
      s.on('data', (d: Buffer) => (out += d.toString()));
      s.on('close', () => {
        const split = out.indexOf('\r\n\r\n');
        if (split === -1) return reject(new Error('the connection closed without a response'));
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0), head: out.slice(0, split), json: JSON.parse(out.slice(split + 4)) as Raw['json'] });
      });
      s.on('error', () => {
        /* 'close' follows and tells */
      });
      s.write(['POST /api/endpoints HTTP/1.1', `Host: localhost:${port}`, `Authorization: Bearer ${TOKEN}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked', '', ''].join('\r\n'));
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (s.writable && sent < 80) {
          sent++;
          s.write(`${chunk.length.toString(16)}\r\n`);
          s.write(chunk);
          if (!s.write('\r\n')) return void s.once('drain', pump);
        }
      };
      pump();
    });
    expect(r.status).toBe(413);
    expect(r.json.error?.code).toBe('payload_too_large');
  });

  it.each([
    ['a JSON array', '[{"name":"x","slug":"arr"}]', /must be an object/],
    ['JSON null', 'null', /must be an object/],
    ['a JSON string', '"endpoint"', /must be an object/],
    ['deeply nested JSON', '['.repeat(200_000) + ']'.repeat(200_000), /must be an object|not valid JSON/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), /./],
    ['trailing garbage', '{"name":"x","slug":"tg"} extra', /not valid JSON/],
  ])('rejects %s with 400 naming the problem', async (_name, body, message) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(['invalid_json', 'invalid_input']).toContain(r.json.error?.code);
    expect(r.json.error?.message).toMatch(message);
  });

  it('does not let __proto__ in a body reach the core or pollute objects', async () => {
    const r = await post('{"name":"x","slug":"proto","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe('invalid_input');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names bad query parameters', async () => {
    for (const [q, field] of [
      ['limit=abc', 'limit'],
      ['limit=100000', 'limit'],
      ['cursor=%00garbage', 'cursor'],
      [`q=${'a'.repeat(600)}`, 'q'],
      ['signature=maybe', 'signature'],
    ] as const) {
      const r = await authed(`/api/requests?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error?.message, q).toContain(field);
    }
  });
});

describe('ports', () => {
  it('never serves the API on the receiver port: the call is captured as a webhook instead', async () => {
    const res = await fetch(`${h.app.receiverUrl}/api/endpoints`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const id = Number(res.headers.get('x-hookbay-request-id'));
    expect(id).toBeGreaterThan(0);
    expect(await res.text()).not.toContain('"endpoints"');
  });
});
