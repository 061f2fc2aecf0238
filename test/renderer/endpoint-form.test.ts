import { describe, expect, it } from 'vitest';
import { EndpointInput, type Endpoint } from '@contract';
import { emptyTarget, formFromEndpoint, inputFromForm, slugify } from '../../src-renderer/src/views/endpoint/endpoint-form';

const endpoint: Endpoint = {
  id: 'ep_1', name: 'Stripe', slug: 'stripe', builtIn: false, createdAt: 0,
  verify: { scheme: 'stripe', secrets: ['whsec_new', 'whsec_old'], toleranceSec: 300 },
  forward: [{ url: 'http://localhost:3000/hook', pathMode: 'replace', enabled: true, concurrency: 2, ordered: true, rules: { eventTypes: ['invoice.paid'] } }],
  response: { status: 202, headers: [['X-A', '1']], body: 'ok', delayMs: 0 },
  responseMode: { mode: 'immediate', timeoutMs: 10_000 },
  retry: { maxAttempts: 3, initialIntervalMs: 500, factor: 2, maxIntervalMs: 60_000, timeoutMs: 5_000, retryOn: [429, '5xx'] },
  localUrl: 'http://127.0.0.1:8787/stripe', publicUrl: null, unread: 0, total: 0,
};

describe('endpoint form', () => {
  it('round-trips an endpoint through the form into valid contract input', () => {
    const input = inputFromForm(formFromEndpoint(endpoint));
    const parsed = EndpointInput.safeParse(input);
    expect(parsed.success).toBe(true);
    expect(input.verify).toEqual({ scheme: 'stripe', secrets: ['whsec_new', 'whsec_old'], toleranceSec: 300 });
    expect(input.forward?.[0]).toMatchObject({ url: 'http://localhost:3000/hook', pathMode: 'replace', concurrency: 2, ordered: true, rules: { eventTypes: ['invoice.paid'] } });
    expect(input.retry?.retryOn).toEqual([429, '5xx']);
    expect(input.response?.headers).toEqual([['X-A', '1']]);
  });

  it('a new form with a name and slug is valid; no scheme means no verification', () => {
    const form = { ...formFromEndpoint(null), name: 'GitHub', slug: 'github' };
    const input = inputFromForm(form);
    expect(input.verify).toBeNull();
    expect(EndpointInput.safeParse(input).success).toBe(true);
  });

  it('lets the contract name the bad fields', () => {
    const form = { ...formFromEndpoint(null), name: '', slug: 'Bad Slug', targets: [{ ...emptyTarget(), url: 'not a url', concurrency: 'x' }] };
    const parsed = EndpointInput.safeParse(inputFromForm(form));
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'slug', 'forward.0.url', 'forward.0.concurrency']));
  });

  it('names, in place, a target without http://, a non-http scheme and a response header that sets framing', () => {
    const base = formFromEndpoint(null);
    const form = {
      ...base,
      name: 'x',
      slug: 'x',
      targets: [{ ...emptyTarget(), url: 'localhost:28901/flaky' }, { ...emptyTarget(), url: 'javascript:alert(1)' }],
      scheme: 'twilio',
      publicUrl: 'file:///etc/passwd',
      response: { ...base.response, headers: 'Content-Length: 5\nX-A: ok' },
    };
    const parsed = EndpointInput.safeParse(inputFromForm(form));
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['forward.0.url', 'forward.1.url', 'verify.publicUrl', 'response.headers.0.0']));
  });

  it('suggests slugs from names', () => {
    expect(slugify('Stripe (test) — EU')).toBe('stripe-test-eu');
  });
});
