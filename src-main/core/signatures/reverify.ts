import type { HookbayEvent } from '../../contract/events';
import type { Db } from '../store/database';
import type { EndpointStore } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import { SLICE_MS } from '../slices';
import { DIAGNOSIS_BUDGET_BYTES, isVerifiable, rankedVerdictFor, type VerdictContext } from './capture-verdict';

/** What re-verifying an endpoint's stored requests reads, writes and announces. */
export interface ReverifyContext extends VerdictContext {
  readonly db: Db;
  readonly endpoints: Pick<EndpointStore, 'all' | 'byIdOrSlug'>;
  readonly requests: Pick<RequestStore, 'ids' | 'get' | 'setVerification' | 'countValidBetween'>;
  /** Tells the UI a stored request's summary changed. */
  announceUpdate(id: number): void;
  /** Tells the UI how far the run is (`job.progress`). */
  readonly events?: { emit(event: HookbayEvent): void };
}

/**
 * Work per transaction, then the event loop gets a turn: a slice ends after this long (or
 * `MAX_CHUNK` requests), so a health check or a capture waits at most about one slice plus one
 * request's verdict (itself bounded: 16 signature candidates, an 8 MiB diagnosis budget).
 */
const MAX_CHUNK = 200;
/** Progress events at most this often, and always at the end. */
const PROGRESS_MS = 250;

/** Per core: the latest run's number for each endpoint, so a newer change supersedes an older run. */
const generations = new WeakMap<ReverifyContext, Map<string, number>>();

/**
 * Recomputes stored verdicts after an endpoint's `verify` changed, newest first, in small
 * time-boxed transactions with the event loop yielded between, reporting `job.progress`. A
 * newer change to the same endpoint supersedes a run in progress. Resolves with the number
 * of changed verdicts.
 */
export function reverifyEndpoint(ctx: ReverifyContext, endpointId: string): Promise<number> {
  const runs = generations.get(ctx) ?? new Map<string, number>();
  generations.set(ctx, runs);
  const generation = (runs.get(endpointId) ?? 0) + 1;
  runs.set(endpointId, generation);
  const ids = ctx.requests.ids({ endpointId }, Number.MAX_SAFE_INTEGER);
  let changed = 0;
  let at = 0;
  let lastProgress = 0;
  const progress = (force: boolean) => {
    if (!ctx.events || (!force && Date.now() - lastProgress < PROGRESS_MS)) return;
    lastProgress = Date.now();
    ctx.events.emit({ type: 'job.progress', job: 'reverify', endpointId, done: at, total: ids.length });
  };
  /** Verifies from `at` until the slice's time is up; returns the ids whose verdict changed. */
  const slice = ctx.db.transaction((): number[] => {
    const endpoint = ctx.endpoints.byIdOrSlug(endpointId);
    if (!endpoint) {
      at = ids.length;
      return [];
    }
    const updated: number[] = [];
    const started = Date.now();
    for (let n = 0; at < ids.length && n < MAX_CHUNK && Date.now() - started < SLICE_MS; n++) {
      const id = ids[at++]!;
      const r = ctx.requests.get(id);
      if (!r || !isVerifiable(r)) continue;
      const v = rankedVerdictFor(ctx, r, endpoint, DIAGNOSIS_BUDGET_BYTES);
      if (v.status !== r.verification?.status || v.reason !== r.verification.reason || v.scheme !== r.verification.scheme) {
        ctx.requests.setVerification(id, v);
        updated.push(id);
      }
    }
    return updated;
  });
  return new Promise((resolve) => {
    const step = () => {
      if (runs.get(endpointId) !== generation) return resolve(changed);
      if (at >= ids.length) {
        progress(true);
        return resolve(changed);
      }
      let updated: number[];
      try {
        updated = slice();
      } catch {
        return resolve(changed); // the database closed under us (shutdown): stop quietly
      }
      changed += updated.length;
      for (const id of updated) ctx.announceUpdate(id);
      progress(false);
      setImmediate(step);
    };
    progress(true);
    setImmediate(step);
  });
}
