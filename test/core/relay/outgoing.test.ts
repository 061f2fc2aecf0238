import { describe, expect, it } from 'vitest';
import { outgoingHeaders } from '../../../src-main/core/relay/outgoing-headers';
import { eventTypeMatches, matchesRules } from '../../../src-main/core/relay/routing';
import { targetUrl } from '../../../src-main/core/relay/target-url';
import { DeliveryQueue } from '../../../src-main/core/relay/delivery-queue';

describe('target URL', () => {
  it('appends or replaces the path and keeps the raw query', () => {
    expect(targetUrl({ url: 'http://localhost:3000', pathMode: 'append' }, '/a/b', 'x=%2F')).toBe('http://localhost:3000/a/b?x=%2F');
    expect(targetUrl({ url: 'http://localhost:3000/', pathMode: 'append' }, '/a', '')).toBe('http://localhost:3000/a');
    expect(targetUrl({ url: 'http://localhost:3000/hooks', pathMode: 'append' }, '/', '')).toBe('http://localhost:3000/hooks');
    expect(targetUrl({ url: 'http://localhost:3000/hooks/', pathMode: 'append' }, '/a', '')).toBe('http://localhost:3000/hooks/a');
    expect(targetUrl({ url: 'http://localhost:3000/hooks?k=1', pathMode: 'replace' }, '/a', 'q=2')).toBe('http://localhost:3000/hooks?k=1&q=2');
    expect(targetUrl({ url: 'http://localhost:3000', pathMode: 'replace' }, '/a', '')).toBe('http://localhost:3000/');
    expect(targetUrl({ url: 'http://localhost:3000', pathMode: 'append' }, '/a%2Fb/../c', '')).toBe('http://localhost:3000/a%2Fb/../c');
  });
});

describe('outgoing headers', () => {
  it('drops hop-by-hop headers, rewrites Host in place, fixes Content-Length and adds X-Forwarded-* and the hop count', () => {
    const out = outgoingHeaders(
      [
        ['Host', 'abc.loca.lt'],
        ['Transfer-Encoding', 'chunked'],
        ['Connection', 'keep-alive, X-Secret-Hop'],
        ['X-Secret-Hop', '1'],
        ['X-Forwarded-For', '203.0.113.9'],
        ['Stripe-Signature', 't=1,v1=ab'],
        ['X-Forwarded-Proto', 'https'],
      ],
      'localhost:3000',
      12,
      { remoteAddress: '::ffff:127.0.0.1', proto: 'https' },
    );
    expect(out).toEqual([
      ['Host', 'localhost:3000'],
      ['X-Forwarded-For', '203.0.113.9, 127.0.0.1'],
      ['Stripe-Signature', 't=1,v1=ab'],
      ['X-Forwarded-Proto', 'https'],
      ['Content-Length', '12'],
      ['X-Forwarded-Host', 'abc.loca.lt'],
      ['Hookbay-Hops', '1'],
    ]);
  });
});

describe('routing rules', () => {
  const req = { eventType: 'invoice.paid', method: 'POST', subPath: '/billing/v2' };
  it('matches every present list; event types may end in *', () => {
    expect(matchesRules(undefined, req)).toBe(true);
    expect(matchesRules({ eventTypes: [] }, req)).toBe(true);
    expect(matchesRules({ eventTypes: ['invoice.*'], methods: ['post'], paths: ['/billing'] }, req)).toBe(true);
    expect(matchesRules({ eventTypes: ['customer.*'] }, req)).toBe(false);
    expect(matchesRules({ paths: ['/bill'] }, req)).toBe(false);
    expect(matchesRules({ methods: ['PUT'] }, req)).toBe(false);
    expect(matchesRules({ eventTypes: ['*'] }, { ...req, eventType: null })).toBe(false);
    expect(eventTypeMatches('*', 'x')).toBe(true);
  });
});

describe('delivery queue', () => {
  const d = (id: number, dueAt: number, over: Partial<{ lane: string; ordered: boolean; concurrency: number }> = {}) => ({
    id,
    requestId: id,
    lane: 'a',
    concurrency: 2,
    ordered: false,
    dueAt,
    ...over,
  });
  it('starts due work up to the lane concurrency, earliest first', () => {
    const q = new DeliveryQueue();
    [d(1, 50), d(2, 0), d(3, 0), d(4, 0)].forEach((x) => q.add(x));
    expect(q.takeDue(10).map((x) => x.id)).toEqual([2, 3]);
    expect(q.takeDue(10)).toEqual([]);
    q.finished(d(2, 0));
    expect(q.takeDue(10).map((x) => x.id)).toEqual([4]);
    q.finished(d(3, 0));
    expect(q.nextDueAt()).toBe(50);
    expect(q.takeDue(60).map((x) => x.id)).toEqual([1]);
  });
  it('lets a fresh capture take a free slot only when nothing due waits in its lane', () => {
    const q = new DeliveryQueue();
    const lane = { lane: 'a', concurrency: 2, ordered: false };
    expect(q.tryReserve(lane, 0)).toBe(true);
    q.add(d(1, 0));
    expect(q.tryReserve(lane, 0)).toBe(false);
    expect(q.takeDue(0).map((x) => x.id)).toEqual([1]);
    expect(q.tryReserve(lane, 0)).toBe(false);
    q.finished(d(1, 0));
    q.add(d(2, 500));
    expect(q.tryReserve(lane, 0)).toBe(true);
    expect(q.tryReserve({ ...lane, ordered: true }, 0)).toBe(true);
    q.add(d(3, 500, { ordered: true }));
    expect(q.tryReserve({ ...lane, ordered: true }, 0)).toBe(false);
  });

  it('holds an ordered lane behind a delivery waiting for its retry, and moves a retried-now one', () => {
    const q = new DeliveryQueue();
    const o = { ordered: true };
    [d(1, 100, o), d(2, 0, o), d(3, 0, o)].forEach((x) => q.add(x));
    expect(q.takeDue(0)).toEqual([]);
    expect(q.nextDueAt()).toBe(100);
    q.add(d(1, 0, o));
    expect(q.takeDue(0).map((x) => x.id)).toEqual([1]);
    q.finished(d(1, 0, o));
    expect(q.takeDue(0).map((x) => x.id)).toEqual([2]);
  });
});
