import { bridge } from '../bridge/active-bridge';
import { endpoints } from '../stores/endpoints-store';
import { requestDetail } from '../stores/request-detail-store';
import { requestList } from '../stores/request-list-store';
import { tunnel } from '../stores/tunnel-store';
import { chipValues } from '@contract';
import { useRequestListStore } from '../stores/request-list-store';
import { createEventCoalescer, type EventBatch } from './event-batch';

let markReadTimer: ReturnType<typeof setTimeout> | null = null;

/** Requests arriving on the endpoint the user is looking at are read: clear its count, at most every 2 s. */
function keepViewedEndpointRead(batch: EventBatch): void {
  const slug = chipValues(useRequestListStore.getState().filter, 'endpoint')[0];
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
}

/** Subscribes the stores to pushed events, coalesced per animation frame. */
export function startLiveUpdates(): () => void {
  const coalescer = createEventCoalescer(applyBatch);
  return bridge().onEvent((event) => coalescer.push(event));
}

/** After the event stream was lost and came back, events may have been missed. */
export function resynchronize(): void {
  void requestList.reload();
  void endpoints.load();
  void tunnel.load();
  requestDetail.reload();
}
