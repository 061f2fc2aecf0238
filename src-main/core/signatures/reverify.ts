import type { Db } from '../store/database';
import type { EndpointStore } from '../store/endpoint-store';
import type { RequestStore } from '../store/request-store';
import { isVerifiable, rankedVerdictFor, type VerdictContext } from './capture-verdict';

/** What re-verifying an endpoint's stored requests reads, writes and announces. */
export interface ReverifyContext extends VerdictContext {
  readonly db: Db;
  readonly endpoints: Pick<EndpointStore, 'all' | 'byIdOrSlug'>;
  readonly requests: Pick<RequestStore, 'ids' | 'get' | 'setVerification' | 'countValidBetween'>;
  /** Tells the UI a stored request's summary changed. */
  announceUpdate(id: number): void;
}

const CHUNK = 200;
/** Per core: the latest run's number for each endpoint, so a newer change supersedes an older run. */
const generations = new WeakMap<ReverifyContext, Map<string, number>>();

/**
 * Recomputes stored verdicts after an endpoint's `verify` changed, newest first, in small
 * transactions yielded between, so capture is never blocked for long. A newer change to the
 * same endpoint supersedes a run in progress. Resolves with the number of changed verdicts.
 */
export function reverifyEndpoint(ctx: ReverifyContext, endpointId: string): Promise<number> {
  const runs = generations.get(ctx) ?? new Map<string, number>();
  generations.set(ctx, runs);
  const generation = (runs.get(endpointId) ?? 0) + 1;
  runs.set(endpointId, generation);
  const ids = ctx.requests.ids({ endpointId }, Number.MAX_SAFE_INTEGER);
  let changed = 0;
  const chunk = ctx.db.transaction((slice: number[]) => {
    const endpoint = ctx.endpoints.byIdOrSlug(endpointId);
    if (!endpoint) return [];
    const updated: number[] = [];
    for (const id of slice) {
      const r = ctx.requests.get(id);
      if (!r || !isVerifiable(r)) continue;
      const v = rankedVerdictFor(ctx, r, endpoint);
      if (v.status !== r.verification?.status || v.reason !== r.verification.reason || v.scheme !== r.verification.scheme) {
        ctx.requests.setVerification(id, v);
        updated.push(id);
      }
    }
    return updated;
  });
  return new Promise((resolve) => {
    let at = 0;
    const step = () => {
      if (runs.get(endpointId) !== generation || at >= ids.length) return resolve(changed);
      let updated: number[];
      try {
        updated = chunk(ids.slice(at, at + CHUNK));
      } catch {
        return resolve(changed); // the database closed under us (shutdown): stop quietly
      }
      at += CHUNK;
      changed += updated.length;
      for (const id of updated) ctx.announceUpdate(id);
      setImmediate(step);
    };
    setImmediate(step);
  });
}
