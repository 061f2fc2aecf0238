import { z } from 'zod';
import { Health, Problem } from './health';
import { Delivery, RequestSummary } from './requests';
import { TunnelStatus } from './tunnel';

/** Pushed to the UI over SSE (headless) or IPC (desktop). */
export const HookbayEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request.captured'), request: RequestSummary }),
  z.object({ type: z.literal('request.updated'), request: RequestSummary }),
  z.object({
    type: z.literal('requests.deleted'),
    ids: z.array(z.number().int()).optional(),
    endpointId: z.string().optional(),
  }),
  z.object({ type: z.literal('endpoints.changed') }),
  z.object({ type: z.literal('delivery.updated'), delivery: Delivery }),
  z.object({ type: z.literal('tunnel.status'), status: TunnelStatus }),
  /** Desktop: the core's thread stopped unexpectedly; `restarted` says whether it is back. */
  z.object({ type: z.literal('core.crashed'), message: z.string(), restarted: z.boolean() }),
  /** A background failure became this outcome (the process carries on). */
  z.object({ type: z.literal('problem'), problem: Problem }),
  /** Health changed: degraded, recovered, relay paused or resumed. */
  z.object({ type: z.literal('health.changed'), health: Health }),
  /** A long job's progress (re-verifying an endpoint's requests, importing a HAR); `done === total` when it ends. */
  z.object({
    type: z.literal('job.progress'),
    job: z.enum(['reverify', 'import']),
    endpointId: z.string().optional(),
    done: z.number().int(),
    total: z.number().int(),
  }),
]);
export type HookbayEvent = z.infer<typeof HookbayEvent>;
export type HookbayEventType = HookbayEvent['type'];
