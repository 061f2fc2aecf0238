import { describe, expect, it } from 'vitest';
import { createEndpoint, relayFixture } from '../../support/relay-app';
import { send } from '../../support/target-server';

// Issue 11: a request that arrived for an endpoint deleted before its batch committed got
// 503 with an FK error code. It is captured, like any request to a slug that does not exist.

const fixture = relayFixture();

describe('a request racing the deletion of its endpoint', () => {
  it('is captured under the default endpoint, with the rest of its batch', async () => {
    const target = await fixture.startTarget();
    const app = await fixture.startApp();
    const doomed = createEndpoint(app, { name: 'doomed', slug: 'doomed', forward: [{ url: target.url }] });
    const base = {
      method: 'POST',
      query: '',
      headers: [] as [string, string][],
      body: Buffer.from('{}'),
      size: 2,
      truncated: false,
      remoteAddress: '127.0.0.1',
      receivedAt: Date.now(),
      via: 'direct' as const,
      contentType: 'application/json',
      eventType: null,
      eventId: null,
      error: null,
      replayOf: null,
      verification: null,
    };
    // Queued in one batch with a healthy request; the endpoint goes before the batch commits.
    const raced = app.writer.write({ ...base, endpointId: doomed.id, path: '/doomed/x' }, doomed);
    const other = app.writer.write({ ...base, endpointId: app.endpoints.defaultEndpoint.id, path: '/other' }, app.endpoints.defaultEndpoint);
    expect(app.endpoints.delete(doomed.id)).toBe(true);
    const [stored, alongside] = await Promise.all([raced, other]);
    expect(stored.endpointId).toBe(app.endpoints.defaultEndpoint.id);
    expect(app.requests.get(stored.id)?.path).toBe('/doomed/x');
    expect(app.requests.get(alongside.id)).toBeTruthy();
    // The receiver still answers requests to the old slug (as the default endpoint).
    expect((await send(`${app.receiverUrl}/doomed/y`, { body: '{}' })).status).toBe(200);
  });
});
