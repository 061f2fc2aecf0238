import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const valid = (n: number) => {
  const body = JSON.stringify({ type: 'pipelined', n });
  return `POST /pipe/${n} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
};

/** Writes everything at once and reads until the server closes. */
function exchange(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(new URL(t.receiver).port), '127.0.0.1');
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error('no close')));
    s.write(payload);
  });
}

describe('pipelined requests followed by garbage', () => {
  it('answers the valid requests first, in order, then the 400', async () => {
    const out = await exchange(valid(1) + valid(2) + valid(3) + 'GARBAGE\r\n\r\n');
    const statuses = [...out.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 200, 200, 400]);
    const ids = [...out.matchAll(/X-Hookbay-Request-Id: (\d+)/g)].map((m) => Number(m[1]));
    const paths = await Promise.all(ids.map(async (id) => (await t.api.getRequest({ id })).path));
    expect(paths).toEqual(['/pipe/1', '/pipe/2', '/pipe/3']);
  });

  it('still answers a lone malformed request at once', async () => {
    const out = await exchange('GET / HTTP/1.1\r\nBad Header\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
  });
});
