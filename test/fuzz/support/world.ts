/**
 * The server state a fuzz run starts from and keeps track of: endpoints with signature
 * schemes and forward targets, captured requests, deliveries, a HAR export. Built and
 * refreshed through the same transport that is being fuzzed.
 */
import type { OperationName } from '../../../src-main/contract';
import { jsonText, plainNumber } from './deep';
import type { World } from './operation-cases';

export type Call = (op: OperationName, input: unknown) => Promise<{ ok: boolean; value: unknown }>;

export const SENTINEL_SLUG = 'sentinel';

export interface Setup {
  world: World;
  /** The endpoint the fuzzer must not touch: sentinel captures go there. */
  sentinelId: string;
  refresh(): Promise<void>;
  /** Ids the fuzzer saw in answers (deliveries of replays, request details). */
  harvest(op: OperationName, value: unknown): void;
}

export async function buildWorld(call: Call, receiverUrl: string, targetUrl: string): Promise<Setup> {
  const must = async (op: OperationName, input: unknown) => {
    const r = await call(op, input);
    if (!r.ok) throw new Error(`setting up the fuzz world: ${op} failed: ${JSON.stringify(r.value)}`);
    return r.value;
  };
  const sentinel = (await must('createEndpoint', { name: 'Sentinel', slug: SENTINEL_SLUG })) as { id: string };
  await must('createEndpoint', {
    name: 'Stripe',
    slug: 'stripe',
    verify: { scheme: 'stripe', secrets: ['whsec_fuzz_secret_0123456789'] },
    forward: [{ url: `${targetUrl}/stripe` }],
    retry: { maxAttempts: 2, initialIntervalMs: 100 },
  });
  await must('createEndpoint', {
    name: 'GitHub',
    slug: 'github',
    verify: { scheme: 'github', secrets: ['fuzz-github-secret'] },
    forward: [{ url: targetUrl, pathMode: 'replace' }],
  });
  const samples = (await must('listSampleEvents', {})) as { provider: string; eventType: string; scheme: string }[];
  const world: World = {
    endpointIds: [],
    endpointSlugs: [],
    requestIds: [],
    deliveryIds: [],
    providers: samples.map((s) => ({ provider: s.provider, eventType: s.eventType })),
    schemes: [...new Set(samples.map((s) => s.scheme))],
    urls: [targetUrl, `${targetUrl}/x?y=1`, 'http://127.0.0.1:9/closed', `${receiverUrl}/default`],
    har: null,
  };
  const setup: Setup = {
    world,
    sentinelId: sentinel.id,
    async refresh() {
      const eps = (await call('listEndpoints', {})).value as { id: string; slug: string }[];
      if (Array.isArray(eps)) {
        world.endpointIds = eps.filter((e) => e.id !== sentinel.id).map((e) => e.id);
        world.endpointSlugs = eps.filter((e) => e.id !== sentinel.id).map((e) => e.slug);
      }
      const page = (await call('listRequests', { limit: 200 })).value as { items?: { id: number; endpointId: string }[] };
      world.requestIds = (page.items ?? []).filter((r) => r.endpointId !== sentinel.id).map((r) => r.id);
    },
    harvest(op, value) {
      if (value === null || typeof value !== 'object') return;
      const v = value as { deliveryIds?: number[]; deliveries?: { id: number }[]; replayed?: { deliveryIds: number[] }[]; requestId?: number };
      const ids = [...(v.deliveryIds ?? []), ...(v.deliveries ?? []).map((d) => d.id), ...(v.replayed ?? []).flatMap((r) => r.deliveryIds)];
      world.deliveryIds = [...new Set([...world.deliveryIds, ...ids])].slice(-200);
      if (op === 'sendTestEvent' && typeof v.requestId === 'number') world.requestIds.push(v.requestId);
    },
  };
  await setup.refresh();
  // A few captures of every provider, signed and forwarded, so ids, verdicts and deliveries exist.
  for (const s of samples.slice(0, 12)) {
    for (const id of world.endpointIds) await call('sendTestEvent', { id, provider: s.provider, eventType: s.eventType });
  }
  await setup.refresh();
  for (const id of world.requestIds.slice(0, 5)) setup.harvest('getRequest', (await call('getRequest', { id })).value);
  world.har = (await must('exportHar', { ids: world.requestIds.slice(0, 5) })) as Record<string, unknown>;
  return setup;
}

/** Calls that could delete or redirect the sentinel captures (which must survive). */
export function touchesSentinel(op: OperationName, input: unknown, sentinelId: string, sentinelIds: ReadonlySet<number>): boolean {
  const o = (input ?? {}) as Record<string, unknown>;
  const id = typeof o === 'object' ? o.id : undefined;
  if (['updateEndpoint', 'deleteEndpoint', 'clearEndpointRequests'].includes(op)) return id === sentinelId || id === SENTINEL_SLUG;
  // As zod's coercion sees it (Number() of a null-prototype object throws: zod refuses those).
  if (op === 'deleteRequest') return sentinelIds.has(plainNumber(id));
  return false;
}

/** An endpoint's response settings, for a finding about what it answered. */
export async function responseConfigOf(call: Call, slug: string): Promise<string> {
  const eps = (await call('listEndpoints', {})).value as { slug: string; response?: unknown; responseMode?: unknown; forward?: unknown }[];
  const ep = Array.isArray(eps) ? eps.find((e) => e.slug === slug) : undefined;
  return ep ? (jsonText({ response: ep.response, responseMode: ep.responseMode, forward: ep.forward }) ?? '').slice(0, 1500) : '(endpoint gone)';
}
