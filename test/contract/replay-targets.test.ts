import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adHocTarget, endpointTargets } from '../../src-main/core/relay/forward-plan';
import { endpointPath } from '../../src-main/core/endpoints/route';
import type { EndpointRecord } from '../../src-main/core/store/endpoint-store';
import { pathAfterSlug, replayUrls } from '../../src-main/contract/replay-targets';

const segment = fc.stringMatching(/^[a-z0-9%._-]{1,6}$/);
const subPath = fc.array(segment, { maxLength: 3 }).map((s) => (s.length ? '/' + s.join('/') : '/'));
const query = fc.constantFrom('', 'a=1', 'x=2&y=%2F');
const targetUrl = fc
  .tuple(fc.constantFrom('http://127.0.0.1:3000', 'http://localhost:8080', 'https://app.test'), fc.constantFrom('', '/', '/hooks', '/hooks/', '/a/b'), fc.constantFrom('', '?k=v'))
  .map(([o, p, q]) => o + p + q);
const target = fc.record({
  url: targetUrl,
  pathMode: fc.constantFrom('append' as const, 'replace' as const),
  enabled: fc.boolean(),
  concurrency: fc.constant(4),
  ordered: fc.constant(false),
  rules: fc.option(
    fc.record({ eventTypes: fc.constantFrom(['invoice.*'], ['push'], []), methods: fc.constantFrom(['POST'], []), paths: fc.constantFrom(['/a'], []) }),
    { nil: undefined },
  ),
});
const endpoint = fc.record({ slug: fc.constantFrom('relay', 'stripe', 'default'), forward: fc.array(target, { maxLength: 3 }) }).map(
  ({ slug, forward }) => ({ id: 'ep', slug, name: slug, builtIn: slug === 'default', createdAt: 0, readUpTo: 0, verify: null, forward }) as unknown as EndpointRecord,
);

describe('the replay editor’s preview', () => {
  it('names the URLs the relay sends to, for any endpoint, path, query and rules', () => {
    fc.assert(
      fc.property(endpoint, subPath, query, fc.constantFrom('push', 'invoice.paid', null), fc.constantFrom('POST', 'PUT'), (ep, sub, q, eventType, method) => {
        const stored = endpointPath(ep, sub);
        const req = { path: stored, query: q, method, eventType };
        const field = pathAfterSlug(stored, ep) + (q ? `?${q}` : '');
        const relay = endpointTargets(req, ep).map((t) => t.url);
        expect(replayUrls({ forward: ep.forward }, { method, eventType, target: field }, null, false)).toEqual(relay);
      }),
    );
  });

  it('names the URL a replay to a typed URL reaches, with and without an edited path', () => {
    fc.assert(
      fc.property(endpoint, subPath, query, targetUrl, fc.boolean(), (ep, sub, q, url, edited) => {
        const req = { path: endpointPath(ep, sub), query: q };
        const field = sub + (q ? `?${q}` : '');
        expect(replayUrls({ forward: [] }, { method: 'POST', eventType: null, target: field }, url, edited)).toEqual([
          adHocTarget(url, req, ep, edited).url,
        ]);
      }),
    );
  });
});
