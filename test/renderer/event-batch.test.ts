import { describe, expect, it } from 'vitest';
import type { HookbayEvent } from '@contract';
import { createEventCoalescer, reduceEvents, type EventBatch } from '../../src-renderer/src/live/event-batch';
import { summary } from './fixtures';

describe('reduceEvents', () => {
  it('orders captures newest first and folds updates of new requests into them', () => {
    const events: HookbayEvent[] = [
      { type: 'request.captured', request: summary(1) },
      { type: 'request.captured', request: summary(2) },
      { type: 'request.updated', request: summary(1, { verificationStatus: 'valid' }) },
      { type: 'request.updated', request: summary(0, { deliveryState: 'failed' }) },
    ];
    const b = reduceEvents(events);
    expect(b.captured.map((r) => r.id)).toEqual([2, 1]);
    expect(b.captured[1]!.verificationStatus).toBe('valid');
    expect(b.updated.map((r) => r.id)).toEqual([0]);
  });

  it('drops what was deleted in the same batch', () => {
    const b = reduceEvents([
      { type: 'request.captured', request: summary(5) },
      { type: 'request.captured', request: summary(6, { endpointId: 'ep_x' }) },
      { type: 'requests.deleted', ids: [5] },
      { type: 'requests.deleted', endpointId: 'ep_x' },
    ]);
    expect(b.captured).toEqual([]);
    expect(b.deletedIds).toEqual([5]);
    expect(b.clearedEndpoints).toEqual(['ep_x']);
    expect(b.deletedUnknown).toBe(false);
    expect(reduceEvents([{ type: 'requests.deleted' }]).deletedUnknown).toBe(true);
  });

  it('keeps the latest delivery and tunnel state', () => {
    const delivery = (state: 'pending' | 'delivered') => ({
      id: 9, requestId: 1, targetUrl: 'http://x', state, attempts: [], nextAttemptAt: null, createdAt: 0, resigned: false,
    });
    const status = (state: 'connecting' | 'online') => ({ state, url: null, requestedSubdomain: null, host: 'h', urlChanged: false, history: [] });
    const b = reduceEvents([
      { type: 'delivery.updated', delivery: delivery('pending') },
      { type: 'delivery.updated', delivery: delivery('delivered') },
      { type: 'tunnel.status', status: status('connecting') },
      { type: 'tunnel.status', status: status('online') },
      { type: 'endpoints.changed' },
    ]);
    expect(b.deliveries.map((d) => d.state)).toEqual(['delivered']);
    expect(b.tunnel?.state).toBe('online');
    expect(b.endpointsChanged).toBe(true);
  });
});

describe('createEventCoalescer', () => {
  it('applies a burst of 1,000 events once per frame', () => {
    const frames: (() => void)[] = [];
    const applied: EventBatch[] = [];
    const c = createEventCoalescer((b) => applied.push(b), { request: (cb) => frames.push(cb) });
    for (let i = 1; i <= 1000; i++) c.push({ type: 'request.captured', request: summary(i) });
    expect(frames).toHaveLength(1);
    expect(applied).toHaveLength(0);
    frames.shift()!();
    expect(applied).toHaveLength(1);
    expect(applied[0]!.captured).toHaveLength(1000);
    expect(applied[0]!.captured[0]!.id).toBe(1000);
    c.push({ type: 'endpoints.changed' });
    expect(frames).toHaveLength(1);
  });
});
