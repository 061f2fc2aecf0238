/**
 * One fuzz case per call: an operation of the contract and an input that is valid by its
 * schema, a valid input with places broken, or junk. Ids are drawn from what exists (the
 * `World`) most of the time, so calls reach the handlers' real work instead of "not found".
 */
import fc from 'fast-check';
import { contract, type OperationName } from '../../../src-main/contract';
import { mutated } from './junk';
import { arbitraryOf, jsonSchemaOf, URLISH, type Hints } from './schema-arbitrary';

export const OPERATIONS = Object.keys(contract) as OperationName[];

/** What exists in the server under test; refreshed while fuzzing. */
export interface World {
  endpointIds: string[];
  endpointSlugs: string[];
  requestIds: number[];
  deliveryIds: number[];
  providers: { provider: string; eventType: string }[];
  schemes: string[];
  /** Loopback URLs worth targeting: a live target, the receiver itself, a closed port. */
  urls: string[];
  /** A valid HAR document (an export of what exists), to import and to mutate. */
  har: Record<string, unknown> | null;
}

export interface OperationCase {
  op: OperationName;
  kind: 'valid' | 'mutated' | 'junk';
  input: unknown;
}

const pickFrom = <T>(list: () => readonly T[], fallback: T): fc.Arbitrary<T> =>
  fc.nat().map((i) => {
    const l = list();
    return l.length === 0 ? fallback : l[i % l.length]!;
  });

/** Where a field name means "something that exists", pick something that exists. */
function hintsFor(op: OperationName, world: World): Hints {
  const endpointOp = contract[op].http.path.startsWith('/api/endpoints/');
  const urls = () => fc.oneof(pickFrom(() => world.urls, 'http://127.0.0.1:9'), fc.constantFrom(...URLISH));
  return {
    id: () => (endpointOp ? pickFrom(() => world.endpointIds, 'default') : pickFrom(() => world.requestIds, 1)),
    ids: () => fc.array(pickFrom(() => world.requestIds, 1), { maxLength: 8 }),
    endpoint: () => fc.oneof(pickFrom(() => world.endpointIds, 'default'), pickFrom(() => world.endpointSlugs, 'default')),
    replayOf: () => pickFrom(() => world.requestIds, 1),
    provider: () => pickFrom(() => world.providers.map((p) => p.provider), 'stripe'),
    eventType: () => pickFrom(() => world.providers.map((p) => p.eventType), 'ping'),
    scheme: () => pickFrom(() => world.schemes, 'stripe'),
    url: urls,
    publicUrl: urls,
    // Filters with many values reach the SQL variable limit; most stay small.
    event: () => fc.oneof(fc.constantFrom('ping', 'a,b', ''), fc.integer({ min: 1, max: 40_000 }).map((n) => Array.from({ length: n }, (_, i) => `e${i}`))),
    method: () => fc.oneof(fc.constantFrom('POST', 'GET,PUT', 'post'), fc.integer({ min: 1, max: 40_000 }).map((n) => Array.from({ length: n }, () => 'POST'))),
    har: () => pickFrom(() => (world.har ? [world.har, JSON.stringify(world.har)] : []), '{}'),
    // Keep configured waits short: a 120 s response delay is legitimate, just slow to fuzz.
    delayMs: () => fc.integer({ min: 0, max: 50 }),
    timeoutMs: () => fc.integer({ min: 100, max: 2000 }),
    // Keep retries of fuzzed targets rare and quick.
    maxAttempts: () => fc.integer({ min: 1, max: 3 }),
    initialIntervalMs: () => fc.integer({ min: 0, max: 500 }),
  };
}

/** `retryDelivery` takes a delivery id, not a request id. */
function hintsOverride(op: OperationName, world: World, hints: Hints): Hints {
  if (op === 'retryDelivery') return { ...hints, id: () => pickFrom(() => world.deliveryIds, 1) };
  return hints;
}

/** Waits and retries stay short whatever the schema allows: a 120 s response delay is legitimate, just slow to fuzz. */
const EXCLUSIVE = new Set(['delayMs', 'timeoutMs', 'maxAttempts', 'initialIntervalMs']);

export function validInputOf(op: OperationName, world: World): fc.Arbitrary<unknown> {
  return arbitraryOf(jsonSchemaOf(contract[op].input), hintsOverride(op, world, hintsFor(op, world)), EXCLUSIVE);
}

/** Cases for every operation, each kind weighted so most calls are deep rather than 400s. */
export function operationCase(world: World, junk: fc.Arbitrary<unknown>, ops: readonly OperationName[] = OPERATIONS): fc.Arbitrary<OperationCase> {
  return fc.constantFrom(...ops).chain((op) => {
    const valid = validInputOf(op, world);
    return fc.oneof(
      { weight: 5, arbitrary: valid.map((input) => ({ op, kind: 'valid' as const, input })) },
      { weight: 4, arbitrary: mutated(valid, junk).map((input) => ({ op, kind: 'mutated' as const, input })) },
      { weight: 1, arbitrary: junk.map((input) => ({ op, kind: 'junk' as const, input })) },
    );
  });
}
