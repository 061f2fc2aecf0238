import { z } from 'zod';
import { HttpUrl } from './fields';

export const TunnelState = z.enum(['off', 'connecting', 'online', 'reconnecting', 'error']);
export type TunnelState = z.infer<typeof TunnelState>;

export const TunnelStatus = z.object({
  state: TunnelState,
  /** Public base URL while online (e.g. `https://quiet-fox.loca.lt`). */
  url: z.string().nullable(),
  requestedSubdomain: z.string().nullable(),
  /** Subdomain the server actually handed out; differs from `requestedSubdomain` when it was taken. */
  grantedSubdomain: z.string().nullable().optional(),
  host: z.string(),
  /** Reconnect attempt number and when the next try happens (ms epoch). */
  attempt: z.number().int().optional(),
  nextRetryAt: z.number().optional(),
  /** Plain-words reason for `error` and `reconnecting`. */
  reason: z.string().optional(),
  /** True when the server handed out another URL than the last one (provider settings now wrong). */
  urlChanged: z.boolean().default(false),
  /** Every URL this tunnel has had, newest last. */
  history: z.array(z.object({ url: z.string(), since: z.number() })).default([]),
  lastProbeAt: z.number().optional(),
});
export type TunnelStatus = z.infer<typeof TunnelStatus>;

export const TunnelSettings = z.object({
  enabled: z.boolean(),
  // The localtunnel server's own rule (it answers 403 otherwise), capped at a DNS label's 63.
  subdomain: z
    .string()
    .regex(
      /^(?:[a-z0-9][a-z0-9-]{4,61}[a-z0-9]|[a-z0-9]{4,63})$/,
      'subdomain must be 4-63 lowercase letters or digits; with dashes, at least 6 and not starting or ending with one',
    )
    .optional(),
  host: HttpUrl.optional(),
  /** Fail instead of accepting a different subdomain than the one requested. */
  requireSubdomain: z.boolean().optional(),
});
export type TunnelSettings = z.infer<typeof TunnelSettings>;
