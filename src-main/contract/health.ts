import { z } from 'zod';

/**
 * Something that went wrong in the background and was turned into an outcome instead of
 * a crash (docs/architecture.md, "Error model"). `storage`: a write failed (disk full,
 * read-only, I/O error) — health is `degraded` until a write succeeds. `background`: a
 * background job failed (indexer, retention, re-verification, a capture hook) and carried on.
 */
export const Problem = z.object({
  kind: z.enum(['storage', 'background']),
  /** One sentence for the banner; never a secret or a captured value. */
  message: z.string(),
  /** When it was first seen (ms). */
  at: z.number().int(),
});
export type Problem = z.infer<typeof Problem>;

export const Health = z.object({
  /** The process answers (liveness). */
  ok: z.literal(true),
  version: z.string(),
  /** `degraded` while storage is failing: captures get 503 and outcomes are not recorded. */
  status: z.enum(['ok', 'degraded']),
  /** Problems still in effect (a storage failure until the next successful write). */
  problems: z.array(Problem),
  /** `paused` after `hookbay serve --safe` (or a pause): captures queue their deliveries, nothing is sent. */
  relay: z.enum(['running', 'paused']),
});
export type Health = z.infer<typeof Health>;
