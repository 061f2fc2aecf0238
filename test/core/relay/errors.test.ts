import { describe, expect, it } from 'vitest';
import { apiOf, createEndpoint, relayFixture, until } from '../../support/relay-app';
import { header, send } from '../../support/target-server';

const fixture = relayFixture();

describe('relay operations name what is wrong', () => {
  it('rejects replays without a target, re-signing without a scheme, bad HAR, and retries that make no sense', async () => {
    const target = await fixture.startTarget();
    const app = await fixture.startApp();
    const api = apiOf(app);
    createEndpoint(app, { name: 'none', slug: 'none' });
    createEndpoint(app, { name: 'fw', slug: 'fw', forward: [{ url: target.url }] });
    const res = await send(`${app.receiverUrl}/none`, { body: 'x' });
    const id = Number(header(res.headers, 'X-Hookbay-Request-Id'));

    await expect(api.replayRequest({ id })).rejects.toMatchObject({ code: 'invalid_input', message: /No forward target/ });
    await expect(api.replayRequest({ id, url: target.url, resign: true })).rejects.toMatchObject({
      code: 'invalid_input',
      message: /no signature scheme/,
    });
    await expect(api.replayRequest({ id: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.importHar({ har: '{"log":{}}' })).rejects.toMatchObject({ code: 'invalid_input', message: /log.entries/ });
    await expect(api.replayMany({})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(api.retryDelivery({ id: 424_242 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.retryFailed({ id: 'no-such-endpoint' })).rejects.toMatchObject({ code: 'not_found' });

    const fw = await send(`${app.receiverUrl}/fw`, { body: 'y' });
    const fwId = Number(header(fw.headers, 'X-Hookbay-Request-Id'));
    const delivered = await until(() => {
      const d = app.relay.deliveriesOf(fwId)[0];
      return d?.state === 'delivered' ? d : null;
    });
    await expect(api.retryDelivery({ id: delivered.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(await api.retryFailed({ id: 'fw' })).toEqual({ retried: 0 });
  });

  it('does not forward imports, and exports a request with no delivery as status 0', async () => {
    const target = await fixture.startTarget();
    const app = await fixture.startApp();
    const api = apiOf(app);
    createEndpoint(app, { name: 'fw', slug: 'fw', forward: [{ url: target.url }] });
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Chrome', version: '1' },
        entries: [
          {
            startedDateTime: '2026-01-02T03:04:05.000Z',
            request: {
              method: 'post',
              url: 'https://example.test/api/hook?a=1',
              headers: [{ name: ':authority', value: 'example.test' }, { name: 'content-type', value: 'application/x-www-form-urlencoded' }],
              postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'k', value: 'v w' }] },
            },
          },
        ],
      },
    };
    const { ids } = await api.importHar({ har, endpoint: 'fw' });
    const imported = await api.getRequest({ id: ids[0]! });
    expect([imported.method, imported.path, imported.query, imported.via]).toEqual(['POST', '/fw/api/hook', 'a=1', 'import']);
    expect(imported.headers).toEqual([['content-type', 'application/x-www-form-urlencoded']]);
    expect(Buffer.from(imported.bodyBase64, 'base64').toString()).toBe('k=v+w');
    expect(imported.receivedAt).toBe(Date.parse('2026-01-02T03:04:05.000Z'));
    await new Promise((r) => setTimeout(r, 100));
    expect(target.received).toHaveLength(0);
    const out = (await api.exportHar({ ids })) as { log: { entries: { response: { status: number } }[] } };
    expect(out.log.entries[0]!.response.status).toBe(0);
  });

  it('survives a request deleted while its attempt is in flight', async () => {
    const held: (() => void)[] = [];
    const target = await fixture.startTarget((_req, res) => {
      held.push(() => {
        res.writeHead(200);
        res.end();
      });
    });
    const app = await fixture.startApp();
    const api = apiOf(app);
    createEndpoint(app, { name: 'd', slug: 'd', forward: [{ url: target.url }] });
    const first = Number(header((await send(`${app.receiverUrl}/d`, { body: '1' })).headers, 'X-Hookbay-Request-Id'));
    await target.waitFor(1);
    await api.deleteRequest({ id: first });
    held.shift()!();
    await new Promise((r) => setTimeout(r, 50));
    target.handler = (_req, res) => {
      res.writeHead(200);
      res.end();
    };
    const second = Number(header((await send(`${app.receiverUrl}/d`, { body: '2' })).headers, 'X-Hookbay-Request-Id'));
    await until(() => app.relay.deliveriesOf(second)[0]?.state === 'delivered');
    expect(app.relay.deliveriesOf(first)).toEqual([]);
  });
});
