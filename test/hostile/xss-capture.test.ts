import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../src-main/headless/serve';
import { corpusRequests, sendCorpus } from '../fixtures/xss-corpus';
import { tempDir } from '../support/temp';

// The browser half (rendered inert) is test/e2e/xss.spec.ts; this half checks the corpus
// is stored exactly and that nothing a browser could fetch serves it as HTML.

let h: Headless;
const tmp = tempDir();
const TOKEN = 'xss-test-token-0123456789abcdef';
beforeAll(async () => {
  h = await startHeadless({ core: { dataDir: tmp.dir, receiverPort: 0 }, uiPort: 0, token: TOKEN, rendererDir: null });
});
afterAll(async () => {
  await h.close();
  tmp.remove();
});

describe('XSS corpus', () => {
  it('is captured byte-exact, and the API serves it only as JSON with nosniff', async () => {
    const sent = await sendCorpus(h.app.receiverUrl);
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
    const requests = new Map(corpusRequests().map((r) => [r.id, r.bytes]));
    for (const s of sent) {
      const res = await fetch(`${h.apiUrl}/api/requests/${s.requestId}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const detail = (await res.json()) as { bodyBase64: string; headers: [string, string][] };
      const raw = requests.get(s.id)!;
      const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
      expect(Buffer.from(detail.bodyBase64, 'base64').equals(body), s.id).toBe(true);
    }
    // The receiver's own answer never echoes the payload back.
    const echo = await fetch(`${h.app.receiverUrl}/xss/echo`, { method: 'POST', body: '<script>alert(1)</script>', headers: { 'Content-Type': 'text/html' } });
    expect(await echo.text()).not.toContain('<script>');
  });
});
