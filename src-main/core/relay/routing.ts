import type { RoutingRules } from '../../contract/endpoints';

export interface RoutableRequest {
  eventType: string | null;
  method: string;
  /** Path after the endpoint's slug (`/invoices/1`). */
  subPath: string;
}

/**
 * Whether a target receives a request. Each present, non-empty list must match; an event
 * type pattern may end in `*` (`invoice.*`) because providers namespace their types and
 * users route whole families to one service. A request without a known event type never
 * matches an event-type rule: sending an unknown event to a service that asked for only
 * some types would be the surprise.
 */
export function matchesRules(rules: RoutingRules | undefined, req: RoutableRequest): boolean {
  if (!rules) return true;
  const { eventTypes, methods, paths } = rules;
  if (eventTypes && eventTypes.length > 0) {
    if (req.eventType === null || !eventTypes.some((p) => eventTypeMatches(p, req.eventType!))) return false;
  }
  if (methods && methods.length > 0) {
    const m = req.method.toUpperCase();
    if (!methods.some((x) => x.toUpperCase() === m)) return false;
  }
  if (paths && paths.length > 0) {
    if (!paths.some((p) => pathHasPrefix(req.subPath, p))) return false;
  }
  return true;
}

export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** `/invoices` matches `/invoices` and `/invoices/1` but not `/invoices-old`. */
function pathHasPrefix(path: string, prefix: string): boolean {
  const p = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (p === '/' || path === p) return true;
  return path.startsWith(p) && path[p.length] === '/';
}
