import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAttempt, type OutgoingRequest } from '../../../src-main/core/relay/send-attempt';
import { startTarget, type TargetServer } from '../../support/target-server';

// Issue 11: a synchronous failure of http.request reached finish() before `onAbort` existed
// (ReferenceError thrown from a callback: the process died, and again on every restart).

let target: TargetServer;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

const send = (over: Partial<OutgoingRequest>) =>
  sendAttempt(
    { method: 'POST', url: target.url, headers: [['Content-Type', 'text/plain']], body: Buffer.from('x'), ...over },
    // The relay always passes a signal; the bug needed one.
    { timeoutMs: 2000, keepBytes: 1024, signal: new AbortController().signal },
  );

describe('an attempt Node refuses to send', () => {
  it.each([
    'localhost:28901/flaky',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://127.0.0.1/x',
    'not a url',
    '',
    'http://127.0.0.1:29799*',
    'http://',
  ])('records the target %j as invalid_target', async (url) => {
    const r = await send({ url });
    expect(r).toMatchObject({ status: null, errorClass: 'invalid_target' });
    expect(r.error).toMatch(/Invalid target URL/);
  });

  it.each([
    ['a header name with a space', { headers: [['Bad Name', 'v']] as [string, string][] }],
    ['a header value with CR/LF', { headers: [['X-A', 'v\r\nInjected: 1']] as [string, string][] }],
    ['a header name that is empty', { headers: [['', 'v']] as [string, string][] }],
    ['a method with a space', { method: 'PO ST' }],
  ])('records %s as invalid_request', async (_name, over) => {
    const r = await send(over);
    expect(r).toMatchObject({ status: null, errorClass: 'invalid_request' });
  });

  it('always settles as an outcome, whatever the URL and headers (property)', async () => {
    const header = fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }));
    const url = fc.oneof(
      fc.string(),
      fc.constantFrom('http:', 'https:', 'file:', 'ftp:', 'javascript:', 'localhost:', 'data:').chain((s) =>
        fc.string().map((rest) => s + rest),
      ),
      fc.string().map((rest) => `${target.url}${rest}`),
    );
    await fc.assert(
      fc.asyncProperty(url, fc.array(header, { maxLength: 4 }), async (u, headers) => {
        // Only the loopback target may be contacted: no DNS lookups of random hosts.
        try {
          const p = new URL(u);
          fc.pre(!['http:', 'https:'].includes(p.protocol) || p.hostname === '127.0.0.1' || p.hostname === '');
        } catch {
          /* unparseable: exactly the point */
        }
        const r = await send({ url: u, headers });
        expect(r.status !== null || r.errorClass !== null).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
