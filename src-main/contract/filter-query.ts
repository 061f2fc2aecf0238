/**
 * The filter query language shared by the inspector, the core and the CLI: chips (one
 * removable condition each), their kinds, the search-box syntax (`method:POST sig:invalid
 * invoice`), and the conversion to the contract's `RequestFilter`. Pure and browser-safe:
 * no Node modules, no zod at run time. `FILTER_KINDS[kind].matches` is the in-memory form of
 * the SQL in core/store/filter-sql.ts; test/core/store/filter-agreement.test.ts proves they
 * select the same requests.
 */
import type { DeliveryState, RequestSummary } from './requests';
import type { VerificationStatus } from './verification';

export type FilterKind = 'endpoint' | 'method' | 'event' | 'signature' | 'delivery' | 'from' | 'to';

/** One visible, removable condition. Chips of one kind are OR'd, kinds are AND'd (as the server does). */
export interface FilterChip {
  kind: FilterKind;
  value: string;
}

export interface RequestFilterState {
  /** Free text, matched by the server's full-text index. */
  q: string;
  chips: FilterChip[];
}

export const EMPTY_FILTER: RequestFilterState = { q: '', chips: [] };

export const SIGNATURE_STATUSES = ['valid', 'invalid', 'expired', 'missing', 'malformed', 'unverified'] as const satisfies readonly VerificationStatus[];
export const DELIVERY_STATES = ['none', 'pending', 'delivered', 'retrying', 'failed'] as const satisfies readonly DeliveryState[];

interface FilterKindSpec {
  /** What the user types in the search box: `method:POST`. */
  syntax: readonly string[];
  /** Only one chip of this kind at a time (a new one replaces it). */
  single: boolean;
  /** The canonical value, or null when the value is not valid for this kind. */
  normalize(value: string): string | null;
  describe(value: string): string;
  matches(request: RequestSummary, value: string): boolean;
}

const timeOf = (value: string) => new Date(Number(value)).toLocaleString();
const isTime = (value: string) => (/^\d{10,15}$/.test(value) ? value : null);

export const FILTER_KINDS = {
  endpoint: {
    syntax: ['endpoint', 'ep'],
    single: true,
    normalize: (v) => (v.trim() ? v.trim() : null),
    describe: (v) => `endpoint ${v}`,
    matches: (r, v) => r.endpointSlug === v || r.endpointId === v,
  },
  method: {
    syntax: ['method', 'm'],
    single: false,
    normalize: (v) => (/^[A-Za-z]{1,20}$/.test(v) ? v.toUpperCase() : null),
    describe: (v) => `method ${v}`,
    matches: (r, v) => r.method.toUpperCase() === v,
  },
  event: {
    syntax: ['event', 'type'],
    single: false,
    normalize: (v) => (v.trim() ? v.trim() : null),
    describe: (v) => `event ${v}`,
    matches: (r, v) => r.eventType === v,
  },
  signature: {
    syntax: ['signature', 'sig'],
    single: false,
    normalize: (v) => ((SIGNATURE_STATUSES as readonly string[]).includes(v.toLowerCase()) ? v.toLowerCase() : null),
    describe: (v) => `signature ${v}`,
    matches: (r, v) => r.verificationStatus === v,
  },
  delivery: {
    syntax: ['delivery', 'dl'],
    single: false,
    normalize: (v) => ((DELIVERY_STATES as readonly string[]).includes(v.toLowerCase()) ? v.toLowerCase() : null),
    describe: (v) => `delivery ${v}`,
    matches: (r, v) => r.deliveryState === v,
  },
  from: {
    syntax: ['from', 'after'],
    single: true,
    normalize: isTime,
    describe: (v) => `after ${timeOf(v)}`,
    matches: (r, v) => r.receivedAt >= Number(v),
  },
  to: {
    syntax: ['to', 'before'],
    single: true,
    normalize: isTime,
    describe: (v) => `before ${timeOf(v)}`,
    matches: (r, v) => r.receivedAt < Number(v),
  },
} as const satisfies Record<FilterKind, FilterKindSpec>;

const KIND_BY_SYNTAX = new Map<string, FilterKind>(
  (Object.keys(FILTER_KINDS) as FilterKind[]).flatMap((kind) => FILTER_KINDS[kind].syntax.map((s) => [s, kind] as const)),
);

export function describeChip(chip: FilterChip): string {
  return FILTER_KINDS[chip.kind].describe(chip.value);
}

/** Adds a chip (normalised); replaces the previous one for single-valued kinds; ignores duplicates and invalid values. */
export function addChip(state: RequestFilterState, kind: FilterKind, value: string): RequestFilterState {
  const spec: FilterKindSpec = FILTER_KINDS[kind];
  const normalized = spec.normalize(value);
  if (normalized === null) return state;
  if (state.chips.some((c) => c.kind === kind && c.value === normalized)) return state;
  const kept = spec.single ? state.chips.filter((c) => c.kind !== kind) : state.chips;
  return { ...state, chips: [...kept, { kind, value: normalized }] };
}

export function removeChip(state: RequestFilterState, chip: FilterChip): RequestFilterState {
  return { ...state, chips: state.chips.filter((c) => !(c.kind === chip.kind && c.value === chip.value)) };
}

export function toggleChip(state: RequestFilterState, kind: FilterKind, value: string): RequestFilterState {
  const normalized = (FILTER_KINDS[kind] as FilterKindSpec).normalize(value);
  const existing = state.chips.find((c) => c.kind === kind && c.value === normalized);
  return existing ? removeChip(state, existing) : addChip(state, kind, value);
}

export function chipValues(state: RequestFilterState, kind: FilterKind): string[] {
  return state.chips.filter((c) => c.kind === kind).map((c) => c.value);
}

export function isFiltered(state: RequestFilterState): boolean {
  return state.q.trim() !== '' || state.chips.length > 0;
}

/**
 * Splits what was typed in the search box into chips (`sig:invalid method:post`) and
 * free text. Unknown keys and invalid values stay in the text, so nothing typed is lost.
 */
export function parseSearchInput(text: string, base: RequestFilterState = EMPTY_FILTER): RequestFilterState {
  let state: RequestFilterState = { ...base, q: '' };
  const words: string[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const m = /^([a-z]+):(.+)$/i.exec(token);
    const kind = m ? KIND_BY_SYNTAX.get(m[1]!.toLowerCase()) : undefined;
    if (m && kind && (FILTER_KINDS[kind] as FilterKindSpec).normalize(m[2]!) !== null) {
      state = addChip(state, kind, m[2]!);
    } else words.push(token);
  }
  return { ...state, q: words.join(' ') };
}

/** The filter as the contract's `RequestFilter` input (listRequests, facets, export, bulk replay). */
export function toRequestFilter(state: RequestFilterState): {
  endpoint?: string;
  q?: string;
  method?: string[];
  event?: string[];
  signature?: VerificationStatus[];
  delivery?: DeliveryState[];
  from?: number;
  to?: number;
} {
  const out: ReturnType<typeof toRequestFilter> = {};
  const q = state.q.trim();
  if (q) out.q = q;
  const endpoint = chipValues(state, 'endpoint')[0];
  if (endpoint) out.endpoint = endpoint;
  const method = chipValues(state, 'method');
  if (method.length) out.method = method;
  const event = chipValues(state, 'event');
  if (event.length) out.event = event;
  const signature = chipValues(state, 'signature') as VerificationStatus[];
  if (signature.length) out.signature = signature;
  const delivery = chipValues(state, 'delivery') as DeliveryState[];
  if (delivery.length) out.delivery = delivery;
  const from = chipValues(state, 'from')[0];
  if (from) out.from = Number(from);
  const to = chipValues(state, 'to')[0];
  if (to) out.to = Number(to);
  return out;
}

/**
 * Whether a live request belongs in the current list. Free text is matched by the
 * server's full-text index (bodies included), so with text the answer is `unknown`.
 */
export function matchesLive(state: RequestFilterState, request: RequestSummary): 'yes' | 'no' | 'unknown' {
  const byKind = new Map<FilterKind, string[]>();
  for (const c of state.chips) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.value]);
  for (const [kind, values] of byKind) {
    const spec: FilterKindSpec = FILTER_KINDS[kind];
    if (!values.some((v) => spec.matches(request, v))) return 'no';
  }
  return state.q.trim() ? 'unknown' : 'yes';
}

/** Same filter, whatever the chip order (to skip refetching when nothing changed). */
export function filterKey(state: RequestFilterState): string {
  const f: Record<string, unknown> = toRequestFilter(state);
  return JSON.stringify(Object.keys(f).sort().map((k) => [k, Array.isArray(f[k]) ? [...(f[k] as string[])].sort() : f[k]]));
}
