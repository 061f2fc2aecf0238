import { bridge } from '../bridge/active-bridge';
import { endpoints } from '../stores/endpoints-store';
import { requestDetail } from '../stores/request-detail-store';
import { requestList } from '../stores/request-list-store';
import { tunnel } from '../stores/tunnel-store';
import { createEventCoalescer, type EventBatch } from './event-batch';

function applyBatch(batch: EventBatch): void {
  requestList.applyBatch(batch);
  endpoints.countCaptured(batch.captured);
  if (batch.captured.length) endpoints.scheduleReconcile();
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
