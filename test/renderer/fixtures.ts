import type { RequestSummary } from '@contract';

export function summary(id: number, patch: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id,
    endpointId: 'ep_default',
    endpointSlug: 'default',
    method: 'POST',
    path: '/',
    query: '',
    size: 10,
    truncated: false,
    receivedAt: 1_700_000_000_000 + id,
    contentType: 'application/json',
    eventType: 'invoice.paid',
    eventId: `evt_${id}`,
    duplicateOf: null,
    via: 'direct',
    error: null,
    replayOf: null,
    verificationStatus: 'unverified',
    deliveryState: 'none',
    ...patch,
  };
}
