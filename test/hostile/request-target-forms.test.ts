import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hookbay } from '../../src-main/core/hookbay';
import { apiOf, createEndpoint, relayFixture, until } from '../support/relay-app';
import { rawRequest } from '../support/raw-http';
import { header, send } from '../support/target-server';

// Issue 11: with the default endpoint forwarding to a path-less target, one raw `OPTIONS *`
// (no token needed) built `http://127.0.0.1:29799*` and killed the process for good; a target
// typed without `http://`, or a HAR-imported header Node will not send, did the same.

const fixture = relayFixture();

const port = (a: Hookbay) => Number(new URL(a.receiverUrl).port);
const settledAttempt = (a: Hookbay, requestId: number) =>
  until(() => {
    const d = a.relay.deliveriesOf(requestId)[0];
    return d && (d.state === 'delivered' || d.state === 'failed') ? d : null;
  }, 5000, `delivery of request ${requestId}`);

describe('request targets of every form, forwarded to a path-less target', () => {
  it.each([
    ['asterisk-form', 'OPTIONS * HTTP/1.1', 'OPTIONS', '/'],
    ['absolute-form', 'POST http://example.com/x?a=1 HTTP/1.1', 'POST', '/x?a=1'],
    ['absolute-form without a path', 'POST http://example.com HTTP/1.1', 'POST', '/'],
  ])('captures and forwards %s to the target itself', async (_name, line, method, path) => {
    const target = await fixture.startTarget();
    const app = await fixture.startApp();
    app.endpoints.update(app.endpoints.defaultEndpoint.id, { forward: [createForward(target.url)] });
    const res = await rawRequest(port(app), `${line}\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nhi`);
    expect(res.status).toBe(200);
    const id = Number(/x-hookbay-request-id: (\d+)/i.exec(res.head)?.[1]);
    const delivery = await settledAttempt(app, id);
    expect(delivery.state).toBe('delivered');
    const [got] = await target.waitFor(1);
    expect(got).toMatchObject({ method, url: path });
    expect(new URL(delivery.targetUrl).origin).toBe(target.url);
  });
});

describe('request targets of any form (property, raw sockets)', () => {
  it('each is answered below 500, and every capture is delivered to the target origin or failed with a class', async () => {
    const target = await fixture.startTarget();
    const app = await fixture.startApp();
    const origin = target.url;
    app.endpoints.update(app.endpoints.defaultEndpoint.id, { forward: [createForward(origin)] });
    const requestTarget = fc.oneof(
      fc.constantFrom('*', 'http://example.com/x', 'https://a.test:1/?q=1', 'http://example.com', 'example.com:443', '//evil.test/y', '/a%2Fb/../c', '/?', '/a#f', '/%ZZ', '/\\evil.test'),
      fc.stringMatching(/^[!-~]{1,40}$/),
      fc.stringMatching(/^[!-~]{0,40}$/).map((t) => `/${t}`),
    );
    const method = fc.constantFrom('GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD');
    await fc.assert(
      fc.asyncProperty(method, requestTarget, async (m, t) => {
        const res = await rawRequest(port(app), `${m} ${t} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`);
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
        const id = /x-hookbay-request-id: (\d+)/i.exec(res.head)?.[1];
        if (res.status !== 200 || id === undefined) return;
        const delivery = await settledAttempt(app, Number(id));
        expect(new URL(delivery.targetUrl).origin).toBe(origin);
        if (delivery.state === 'failed') expect(delivery.attempts.at(-1)?.errorClass).toBeTruthy();
      }),
      { numRuns: 60, seed: 1102 },
    );
  }, 60_000);
});

describe('attempts Node refuses to send become failed deliveries, not crashes', () => {
  it.each(['localhost:28901/flaky', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://127.0.0.1/x'])(
    'records a stored target %j as invalid_target (saved before the contract checked it)',
    async (url) => {
      const app = await fixture.startApp();
      // Straight into the store: the contract now refuses these, older databases may hold them.
      createEndpoint(app, { name: 'old', slug: 'old' });
      app.endpoints.update(app.endpoints.byIdOrSlug('old')!.id, { forward: [createForward(url)] });
      const res = await send(`${app.receiverUrl}/old`, { body: '{}' });
      expect(res.status).toBe(200);
      const delivery = await settledAttempt(app, Number(header(res.headers, 'X-Hookbay-Request-Id')));
      expect(delivery.state).toBe('failed');
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ status: null, errorClass: 'invalid_target' });
      // Still alive and capturing.
      expect((await send(`${app.receiverUrl}/old`, { body: '{}' })).status).toBe(200);
    },
  );

  it('records a replayed HAR import whose header name cannot be sent as invalid_request', async () => {
    const target = await fixture.startTarget();
    const app = await fixture.startApp();
    const api = apiOf(app);
    const har = {
      log: {
        entries: [
          {
            request: {
              method: 'POST',
              url: 'http://x.test/hook',
              headers: [{ name: 'Bad Header', value: 'v' }, { name: 'X-Ok', value: 'bad\u0001value' }],
              postData: { text: '{}' },
            },
          },
        ],
      },
    };
    const { ids } = await api.importHar({ har });
    const replay = await api.replayRequest({ id: ids[0]!, url: target.url });
    const delivery = await settledAttempt(app, replay.requestId);
    expect(delivery.state).toBe('failed');
    expect(delivery.attempts[0]).toMatchObject({ status: null, errorClass: 'invalid_request' });
    expect(target.received).toHaveLength(0);
  });
});

function createForward(url: string) {
  return { url, pathMode: 'append' as const, enabled: true, concurrency: 4, ordered: false };
}

describe('an endpoint response saved before the contract checked its headers', () => {
  it('answers captures with the configured status and body, dropping headers Node cannot or must not send', async () => {
    const app = await fixture.startApp();
    createEndpoint(app, { name: 'old', slug: 'oldresp' });
    const record = app.endpoints.byIdOrSlug('oldresp')!;
    app.endpoints.update(record.id, {
      response: {
        ...record.response,
        status: 202,
        headers: [['X-Ok', 'yes'], ['X-Bad', 'a\r\nInjected: 1'], ['Content-Length', '999'], ['Transfer-Encoding', 'chunked'], ['Bad Name', 'v']],
        body: 'accepted',
      },
    });
    const res = await send(`${app.receiverUrl}/oldresp`, { body: '{}' });
    expect(res.status).toBe(202);
    expect(res.body.toString()).toBe('accepted');
    expect(header(res.headers, 'X-Ok')).toBe('yes');
    expect(res.headers.filter(([k]) => k.toLowerCase() === 'content-length')).toEqual([['Content-Length', '8']]);
    expect(header(res.headers, 'Injected')).toBeUndefined();
  });
});
