import { parseHttpUrl } from '../../contract/fields';

/**
 * The URL a request is forwarded to. The one implementation is the contract's (pure), so the
 * inspector's replay preview shows exactly what the relay sends: see contract/replay-targets.ts.
 */
export { forwardUrl as targetUrl, originForm } from '../../contract/replay-targets';

/** Concurrency and ordering apply per target; replays to an ad-hoc URL share their origin's lane. */
export function laneOf(url: string): string {
  return parseHttpUrl(url)?.origin ?? url;
}
