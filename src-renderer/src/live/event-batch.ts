import type { Delivery, Health, HookbayEvent, Problem, RequestSummary, TunnelStatus } from '@contract';

/** A frame's worth of pushed events, reduced to what the stores need to do once. */
export interface EventBatch {
  /** New requests, newest first (the list's order), each once. */
  captured: RequestSummary[];
  /** Latest summary of each updated request that was not also captured in this batch. */
  updated: RequestSummary[];
  deletedIds: number[];
  /** Endpoints whose requests were all deleted. */
  clearedEndpoints: string[];
  /** Something was deleted without saying what (retention): refetch. */
  deletedUnknown: boolean;
  endpointsChanged: boolean;
  /** Latest state of each delivery. */
  deliveries: Delivery[];
  tunnel: TunnelStatus | null;
  /** Desktop: the core's thread crashed (and whether it was restarted); events may be missing. */
  coreCrash: { message: string; restarted: boolean } | null;
  /** Latest health pushed in this batch. */
  health: Health | null;
  problems: Problem[];
}

export function reduceEvents(events: readonly HookbayEvent[]): EventBatch {
  const captured = new Map<number, RequestSummary>();
  const updated = new Map<number, RequestSummary>();
  const deliveries = new Map<number, Delivery>();
  const deletedIds = new Set<number>();
  const clearedEndpoints = new Set<string>();
  let deletedUnknown = false;
  let endpointsChanged = false;
  let tunnel: TunnelStatus | null = null;
  let coreCrash: EventBatch['coreCrash'] = null;
  let health: Health | null = null;
  const problems: Problem[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'request.captured':
        captured.set(e.request.id, e.request);
        deletedIds.delete(e.request.id);
        break;
      case 'request.updated':
        if (captured.has(e.request.id)) captured.set(e.request.id, e.request);
        else updated.set(e.request.id, e.request);
        break;
      case 'requests.deleted':
        if (e.ids) {
          for (const id of e.ids) {
            deletedIds.add(id);
            captured.delete(id);
            updated.delete(id);
          }
        } else if (e.endpointId) clearedEndpoints.add(e.endpointId);
        else deletedUnknown = true;
        break;
      case 'endpoints.changed':
        endpointsChanged = true;
        break;
      case 'delivery.updated':
        deliveries.set(e.delivery.id, e.delivery);
        break;
      case 'tunnel.status':
        tunnel = e.status;
        break;
      case 'core.crashed':
        coreCrash = { message: e.message, restarted: e.restarted };
        break;
      case 'health.changed':
        health = e.health;
        break;
      case 'problem':
        problems.push(e.problem);
        break;
      case 'job.progress':
        // Not shown yet: the request.updated events of a re-verification already refresh the list.
        break;
      default: {
        const never: never = e;
        void never;
      }
    }
  }
  for (const id of clearedEndpoints) {
    for (const [rid, r] of captured) if (r.endpointId === id) captured.delete(rid);
  }
  return {
    captured: [...captured.values()].sort((a, b) => b.id - a.id),
    updated: [...updated.values()],
    deletedIds: [...deletedIds],
    clearedEndpoints: [...clearedEndpoints],
    deletedUnknown,
    endpointsChanged,
    deliveries: [...deliveries.values()],
    tunnel,
    coreCrash,
    health,
    problems,
  };
}

export interface FrameScheduler {
  request(callback: () => void): void;
}

/**
 * A burst of 1,000 requests/s arrives as 1,000 events; React should see one state change
 * per frame. A timer backs up requestAnimationFrame, which stops in hidden tabs.
 */
export const animationFrames: FrameScheduler = {
  request(callback) {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      callback();
    };
    requestAnimationFrame(run);
    setTimeout(run, 250);
  },
};

export function createEventCoalescer(apply: (batch: EventBatch) => void, scheduler: FrameScheduler = animationFrames) {
  let pending: HookbayEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const events = pending;
    pending = [];
    if (events.length) apply(reduceEvents(events));
  };
  return {
    push(event: HookbayEvent) {
      pending.push(event);
      if (!scheduled) {
        scheduled = true;
        scheduler.request(flush);
      }
    },
    flush,
  };
}
