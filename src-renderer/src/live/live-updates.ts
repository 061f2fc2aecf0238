import type { HookbayBridge } from '@contract';
import { chipValues } from '@contract';
import type { Stores } from '../stores/stores';
import { animationFrames, createEventCoalescer, type EventBatch, type FrameScheduler } from './event-batch';

export interface LiveUpdates {
  /** Refetches what pushed events keep current (events may have been missed). */
  resynchronize(): void;
  stop(): void;
}

/**
 * Subscribes the stores to pushed events, coalesced per animation frame, and resynchronises
 * them when the event stream comes back after it was lost.
 */
export function startLiveUpdates(bridge: HookbayBridge, stores: Stores, frames: FrameScheduler = animationFrames): LiveUpdates {
  const { requestList, requestDetail, endpoints, tunnel, health, connection } = stores;
  let markReadTimer: ReturnType<typeof setTimeout> | null = null;

  /** Requests arriving on the endpoint the user is looking at are read: clear its count, at most every 2 s. */
  function keepViewedEndpointRead(batch: EventBatch): void {
    const slug = chipValues(requestList.getState().filter, 'endpoint')[0];
    if (!slug || markReadTimer || !batch.captured.some((r) => r.endpointSlug === slug)) return;
    markReadTimer = setTimeout(() => {
      markReadTimer = null;
      const endpoint = endpoints.bySlug(slug);
      if (endpoint) void endpoints.markRead(endpoint.id);
    }, 2000);
  }

  function applyBatch(batch: EventBatch): void {
    requestList.applyBatch(batch);
    endpoints.countCaptured(batch.captured);
    if (batch.captured.length) endpoints.scheduleReconcile();
    keepViewedEndpointRead(batch);
    if (batch.endpointsChanged || batch.clearedEndpoints.length || batch.deletedUnknown) void endpoints.load();
    if (batch.deliveries.length) requestDetail.applyDeliveries(batch.deliveries);
    if (batch.updated.length) requestDetail.scheduleRefresh(batch.updated.map((r) => r.id));
    if (batch.deletedIds.length) requestDetail.forgetDeleted(batch.deletedIds);
    if (batch.tunnel) tunnel.apply(batch.tunnel);
    if (batch.coreCrash) {
      // Events sent while the core was down are lost: say so, and read everything again.
      stores.notices.show(batch.coreCrash.message, batch.coreCrash.restarted ? 'info' : 'error', 10_000);
      resynchronize();
    }
    if (batch.health) health.apply(batch.health);
    if (batch.problems.length) health.addProblems(batch.problems);
  }

  function resynchronize(): void {
    void requestList.reload();
    void endpoints.load();
    void tunnel.load();
    void health.load();
    requestDetail.reload();
  }

  const coalescer = createEventCoalescer(applyBatch, frames);
  const unsubscribeEvents = bridge.onEvent((event) => coalescer.push(event));
  const unsubscribeConnection = connection.subscribe((s) => {
    if (s.stream !== 'open' || !s.missedEvents) return;
    connection.resynchronized();
    resynchronize();
  });

  return {
    resynchronize,
    stop() {
      unsubscribeEvents();
      unsubscribeConnection();
      if (markReadTimer) clearTimeout(markReadTimer);
      markReadTimer = null;
    },
  };
}
