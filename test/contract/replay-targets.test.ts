import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src-main/contract/endpoints';
import { pathAfterSlug, replayUrls } from '../../src-main/contract/replay-targets';
import { endpointPath } from '../../src-main/core/endpoints/route';
import { apiOf, relayFixture, until } from '../support/relay-app';
import { header, send, type TargetServer } from '../support/target-server';

/**
 * The replay editor's preview against what the relay puts on the wire. The relay and the
 * preview share their code (contract/replay-targets.ts), so comparing the functions would
 * prove nothing: each case is sent through a real core to real loopback targets, and the
 * URL each target was reached at (its Host header and request line) must be the preview's.
 */
const fixture = relayFixture();

const segment = fc.stringMatching(/^[a-z0-9%._-]{1,6}$/);
const subPath = fc.array(segment, { maxLength: 3 }).map((s) => (s.length ? '/' + s.join('/') : '/'));
const query = fc.constantFrom('', 'a=1', 'x=2&y=%2F');
/** A target URL on one of the two loopback targets (by index), with its own path and query. */
const targetUrl = fc.tuple(fc.constantFrom(0, 1), fc.constantFrom('', '/', '/hooks', '/hooks/', '/a/b'), fc.constantFrom('', '?k=v'));
const target = fc.record({
  url: targetUrl,
  pathMode: fc.constantFrom('append' as const, 'replace' as const),
  enabled: fc.boolean(),
  rules: fc.option(
    fc.record({ eventTypes: fc.constantFrom<string[]>(['invoice.*'], ['push'], []), methods: fc.constantFrom<string[]>(['POST'], []), paths: fc.constantFrom<string[]>(['/a'], []) }),
    { nil: undefined },
  ),
});
const slug = fc.constantFrom('relay', 'stripe', 'default');
const eventType = fc.constantFrom('push', 'invoice.paid', null);
const runs = { numRuns: 40 };

interface Setup {
  targets: TargetServer[];
  endpoints: Map<string, Endpoint>;
  receiverUrl: string;
}

async function setUp(): Promise<Setup> {
  const targets = [await fixture.startTarget(), await fixture.startTarget()];
  const app = await fixture.startApp();
  const api = apiOf(app);
  await api.createEndpoint({ name: 'relay', slug: 'relay' });
  await api.createEndpoint({ name: 'stripe', slug: 'stripe' });
  const endpoints = new Map((await api.listEndpoints({})).map((e) => [e.slug, e]));
  return { targets, endpoints, receiverUrl: app.receiverUrl };
}

/** Captures a request; the event type comes from the body, as a provider's would. */
async function capture(s: Setup, path: string, q: string, method: string, type: string | null): Promise<number> {
  const res = await send(`${s.receiverUrl}${path}${q ? `?${q}` : ''}`, {
    method,
    headers: [['Content-Type', 'application/json']],
    body: type === null ? '{}' : JSON.stringify({ type }),
  });
  expect(res.status).toBeLessThan(300);
  const id = Number(header(res.headers, 'X-Hookbay-Request-Id'));
  expect(fixture.app.requests.summary(id)!.eventType).toBe(type);
  return id;
}

/** The URLs the targets were reached at for one request: `http://` + Host + the request line's target. */
async function sentUrls(s: Setup, id: number): Promise<string[]> {
  const deliveries = await until(() => {
    const ds = fixture.app.relay.deliveriesOf(id);
    return ds.every((d) => d.state === 'delivered') ? ds : null;
  });
  const received = await until(() => {
    const all = s.targets.flatMap((t) => t.received);
    return all.length >= deliveries.length ? all : null;
  });
  return received.map((r) => `http://${header(r.headers, 'Host')}${r.url}`).sort();
}

const clearTargets = (s: Setup) => s.targets.forEach((t) => (t.received.length = 0));

describe('the replay editor’s preview', () => {
  it('names the URLs the relay sends to, for any endpoint, path, query and rules', async () => {
    const s = await setUp();
    const api = apiOf(fixture.app);
    await fc.assert(
      fc.asyncProperty(slug, fc.array(target, { maxLength: 3 }), subPath, query, eventType, fc.constantFrom('POST', 'PUT'), async (sl, forward, sub, q, type, method) => {
        clearTargets(s);
        const urls = forward.map((t) => ({ ...t, url: s.targets[t.url[0]]!.url + t.url[1] + t.url[2] }));
        const ep = await api.updateEndpoint({ id: s.endpoints.get(sl)!.id, forward: urls });
        // http.request parses the URL and drops dot segments (`/relay/.` went out as `/relay/`,
        // `/relay/..` as `/`, another endpoint): a path the client would rewrite is not sent
        // here. Raw dot segments reach the relay through replays, covered below.
        const stored = endpointPath(ep, sub);
        fc.pre(new URL(stored, 'http://x').pathname === stored);
        const id = await capture(s, stored, q, method, type);
        const field = pathAfterSlug(stored, ep) + (q ? `?${q}` : '');
        const preview = replayUrls(ep, { method, eventType: type, target: field }, null, false);
        expect(await sentUrls(s, id)).toEqual([...preview].sort());
      }),
      runs,
    );
  });

  it('names the URL a replay to a typed URL reaches, with and without an edited path', async () => {
    const s = await setUp();
    const api = apiOf(fixture.app);
    await fc.assert(
      fc.asyncProperty(slug, subPath, query, subPath, query, targetUrl, fc.boolean(), async (sl, sub, q, editedSub, editedQ, [i, p, tq], edited) => {
        const ep = await api.updateEndpoint({ id: s.endpoints.get(sl)!.id, forward: [] });
        const id = await capture(s, endpointPath(ep, sub), q, 'POST', null);
        clearTargets(s);
        const url = s.targets[i]!.url + p + tq;
        const field = edited ? editedSub + (editedQ ? `?${editedQ}` : '') : pathAfterSlug(endpointPath(ep, sub), ep) + (q ? `?${q}` : '');
        const replay = await api.replayRequest({ id, url, ...(edited ? { path: field } : {}) });
        const preview = replayUrls({ forward: [] }, { method: 'POST', eventType: null, target: field }, url, edited);
        expect(await sentUrls(s, replay.requestId)).toEqual(preview);
      }),
      runs,
    );
  });
});

describe('replayUrls', () => {
  it('has no URL to show for a typed URL the relay could not send to (the editor then shows none)', () => {
    for (const url of ['localhost:3000/x', 'ftp://h/x', 'not a url']) {
      expect(() => replayUrls({ forward: [] }, { method: 'POST', eventType: null, target: '/a' }, url, true)).toThrow(/http/);
    }
  });
});
