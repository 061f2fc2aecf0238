/**
 * Routing rules live in the contract, beside the URL building, so the relay and the
 * inspector's replay preview run the same code: see contract/replay-targets.ts.
 */
export { eventTypeMatches, matchesRules, type RoutableRequest } from '../../contract/replay-targets';
