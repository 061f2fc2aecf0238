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

/**
 * How much of each body free-text search covers: its first 256 KiB, after gzip, deflate or br
 * is undone (core/capture/search-text.ts). Here so the core, the CLI's help and the search
 * box's help state one number.
 */
export const SEARCH_BODY_BYTES = 256 * 1024;

export type FilterKind = 'endpoint' | 'method' | 'event' | 'signature' | 'delivery' | 'from' | 'to';

/**
 * One visible, removable condition. Chips of one kind are OR'd, kinds are AND'd (as the
 * server does); a negated chip (`-sig:valid`, `NOT sig:valid`) leaves out what it matches.
 */
export interface FilterChip {
  kind: FilterKind;
  value: string;
  negated?: boolean;
}

/** Kinds that can be negated: the many-valued ones (an endpoint or a time bound is one place). */
export const NEGATABLE_KINDS: readonly FilterKind[] = ['method', 'event', 'signature', 'delivery'];

/**
 * Event types are matched exactly, or as a pattern where `*` stands for any characters
 * (`invoice.*`), as routing rules accept; case-sensitive like providers' names. The SQL
 * form is `GLOB` with `?` and `[` escaped (core/store/filter-sql.ts).
 */
export function eventPatternMatches(pattern: string, type: string | null): boolean {
  if (type === null) return false;
  if (!pattern.includes('*')) return pattern === type;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${source}$`).test(type);
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
  /** What `normalize` accepts, for the message when it refuses a value. */
  expected: string;
  describe(value: string): string;
  matches(request: RequestSummary, value: string): boolean;
}

const timeOf = (value: string) => new Date(Number(value)).toLocaleString();
const TIME_EXPECTED = 'a time in milliseconds since the epoch (10-15 digits)';
const isTime = (value: string) => (/^\d{10,15}$/.test(value) ? value : null);

export const FILTER_KINDS = {
  endpoint: {
    syntax: ['endpoint', 'ep'],
    single: true,
    normalize: (v) => (v.trim() ? v.trim() : null),
    expected: 'an endpoint slug or id',
    describe: (v) => `endpoint ${v}`,
    matches: (r, v) => r.endpointSlug === v || r.endpointId === v,
  },
  method: {
    syntax: ['method', 'm'],
    single: false,
    normalize: (v) => (/^[A-Za-z]{1,20}$/.test(v) ? v.toUpperCase() : null),
    expected: 'a method: 1-20 letters (GET, POST, …)',
    describe: (v) => `method ${v}`,
    matches: (r, v) => r.method.toUpperCase() === v,
  },
  event: {
    syntax: ['event', 'type'],
    single: false,
    normalize: (v) => (v.trim() ? v.trim() : null),
    expected: 'an event type, * for any characters (invoice.*)',
    describe: (v) => `event ${v}`,
    matches: (r, v) => eventPatternMatches(v, r.eventType),
  },
  signature: {
    syntax: ['signature', 'sig'],
    single: false,
    normalize: (v) => ((SIGNATURE_STATUSES as readonly string[]).includes(v.toLowerCase()) ? v.toLowerCase() : null),
    expected: `one of ${SIGNATURE_STATUSES.join(', ')}`,
    describe: (v) => `signature ${v}`,
    matches: (r, v) => r.verificationStatus === v,
  },
  delivery: {
    syntax: ['delivery', 'dl'],
    single: false,
    normalize: (v) => ((DELIVERY_STATES as readonly string[]).includes(v.toLowerCase()) ? v.toLowerCase() : null),
    expected: `one of ${DELIVERY_STATES.join(', ')}`,
    describe: (v) => `delivery ${v}`,
    matches: (r, v) => r.deliveryState === v,
  },
  from: {
    syntax: ['from', 'after'],
    single: true,
    normalize: isTime,
    expected: TIME_EXPECTED,
    describe: (v) => `after ${timeOf(v)}`,
    matches: (r, v) => r.receivedAt >= Number(v),
  },
  to: {
    syntax: ['to', 'before'],
    single: true,
    normalize: isTime,
    expected: TIME_EXPECTED,
    describe: (v) => `before ${timeOf(v)}`,
    matches: (r, v) => r.receivedAt < Number(v),
  },
} as const satisfies Record<FilterKind, FilterKindSpec>;

const KIND_BY_SYNTAX = new Map<string, FilterKind>(
  (Object.keys(FILTER_KINDS) as FilterKind[]).flatMap((kind) => FILTER_KINDS[kind].syntax.map((s) => [s, kind] as const)),
);

export function describeChip(chip: FilterChip): string {
  const text = FILTER_KINDS[chip.kind].describe(chip.value);
  return chip.negated ? `not ${text}` : text;
}

const sameChip = (a: FilterChip, kind: FilterKind, value: string, negated: boolean) =>
  a.kind === kind && a.value === value && Boolean(a.negated) === negated;

/**
 * Adds a chip (normalised); replaces the previous one for single-valued kinds and its own
 * opposite (`sig:valid` after `-sig:valid`); ignores duplicates, invalid values and
 * negations of kinds that cannot be negated.
 */
export function addChip(state: RequestFilterState, kind: FilterKind, value: string, negated = false): RequestFilterState {
  const spec: FilterKindSpec = FILTER_KINDS[kind];
  const normalized = spec.normalize(value);
  if (normalized === null || (negated && !NEGATABLE_KINDS.includes(kind))) return state;
  if (state.chips.some((c) => sameChip(c, kind, normalized, negated))) return state;
  const kept = state.chips.filter((c) => !(spec.single && c.kind === kind) && !sameChip(c, kind, normalized, !negated));
  return { ...state, chips: [...kept, negated ? { kind, value: normalized, negated } : { kind, value: normalized }] };
}

export function removeChip(state: RequestFilterState, chip: FilterChip): RequestFilterState {
  return { ...state, chips: state.chips.filter((c) => !sameChip(c, chip.kind, chip.value, Boolean(chip.negated))) };
}

export function toggleChip(state: RequestFilterState, kind: FilterKind, value: string): RequestFilterState {
  const normalized = (FILTER_KINDS[kind] as FilterKindSpec).normalize(value);
  const existing = state.chips.find((c) => normalized !== null && sameChip(c, kind, normalized, false));
  return existing ? removeChip(state, existing) : addChip(state, kind, value);
}

/** The values of a kind's positive chips (the negated ones: `negatedValues`). */
export function chipValues(state: RequestFilterState, kind: FilterKind): string[] {
  return state.chips.filter((c) => c.kind === kind && !c.negated).map((c) => c.value);
}

export function negatedValues(state: RequestFilterState, kind: FilterKind): string[] {
  return state.chips.filter((c) => c.kind === kind && c.negated).map((c) => c.value);
}

export function isFiltered(state: RequestFilterState): boolean {
  return state.q.trim() !== '' || state.chips.length > 0;
}

/**
 * Splits search text into tokens at whitespace, except inside double quotes: `"card
 * declined"`, `event:"a b"` and `-"x y"` are one token each. An unclosed quote runs to the end.
 */
export function searchTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    let token = '';
    while (i < text.length && !/\s/.test(text[i]!)) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        const end = close === -1 ? text.length : close + 1;
        token += text.slice(i, end);
        i = end;
      } else token += text[i++];
    }
    if (token) tokens.push(token);
  }
  return tokens;
}

const unquote = (v: string) => v.replace(/^"/, '').replace(/"$/, '');

/** A token with its negation (`-x`, or the word `NOT` before it) taken off. */
function negations(tokens: string[]): { token: string; negated: boolean }[] {
  const out: { token: string; negated: boolean }[] = [];
  let not = false;
  for (const token of tokens) {
    if (token === 'NOT') {
      not = true;
      continue;
    }
    const dash = token.length > 1 && token.startsWith('-');
    out.push({ token: dash ? token.slice(1) : token, negated: not || dash });
    not = false;
  }
  if (not) out.push({ token: 'NOT', negated: false });
  return out;
}

/** One token of the search box: a chip, free text, or a known key used wrongly. */
type SearchToken = { chip: FilterChip } | { text: string; problem?: string };

function readToken(token: string, negated: boolean): SearchToken {
  const typed = negated ? `-${token}` : token;
  const m = /^([a-z]+):(.+)$/is.exec(token);
  const kind = m ? KIND_BY_SYNTAX.get(m[1]!.toLowerCase()) : undefined;
  if (!m || !kind) return { text: typed };
  const spec: FilterKindSpec = FILTER_KINDS[kind];
  const value = unquote(m[2]!);
  const asText = `; to search for the text, quote it: "${typed.replace(/"/g, '')}"`;
  if (spec.normalize(value) === null) return { text: typed, problem: `${typed}: expected ${spec.expected}${asText}` };
  if (negated && !NEGATABLE_KINDS.includes(kind)) {
    return { text: typed, problem: `${typed}: ${m[1]}: cannot be negated (only ${NEGATABLE_KINDS.join(', ')} can)${asText}` };
  }
  return { chip: { kind, value, negated } };
}

/**
 * Splits what was typed in the search box into chips (`sig:invalid method:post
 * event:invoice.* -delivery:failed`) and free text. Unknown keys stay in the text; so do
 * known keys used wrongly (`sig:weird`, `-endpoint:x`), which `searchProblems` reports —
 * the inspector and the CLI check it first, so such a token is never searched silently.
 */
export function parseSearchInput(text: string, base: RequestFilterState = EMPTY_FILTER): RequestFilterState {
  let state: RequestFilterState = { ...base, q: '' };
  const words: string[] = [];
  for (const { token, negated } of negations(searchTokens(text))) {
    const read = readToken(token, negated);
    if ('chip' in read) state = addChip(state, read.chip.kind, read.chip.value, Boolean(read.chip.negated));
    else words.push(read.text);
  }
  return { ...state, q: words.join(' ') };
}

/**
 * What is wrong with search text, one message per token: a known key (`sig:`, `delivery:`,
 * `method:`, `from:`, … and their short forms) with a value it does not take, listing the
 * values it does, or negated where it cannot be. Empty when the text is fine. A quoted token
 * (`"sig:weird"`) is text, so the message says how to search for it.
 */
export function searchProblems(text: string): string[] {
  const problems: string[] = [];
  for (const { token, negated } of negations(searchTokens(text))) {
    const read = readToken(token, negated);
    if ('problem' in read && read.problem) problems.push(read.problem);
  }
  return problems;
}

/** One free-text term: a word or a quoted phrase, matched exactly unless it ends in `*`. */
export interface TextTerm {
  text: string;
  /** `renew*`: any word starting with the text. */
  prefix: boolean;
  /** `-word`, `NOT word`: leave out requests containing it. */
  negated: boolean;
}

/**
 * The free text's terms. A word matches whole words only (`x=2` is the phrase "x 2", not
 * every request with an x and a 2); `"…"` is an exact phrase; a trailing `*` makes a prefix;
 * `-` or `NOT` negates. Terms without a letter or digit match nothing and are dropped.
 */
export function parseTextQuery(q: string): TextTerm[] {
  return negations(searchTokens(q))
    .map(({ token, negated }) => {
      const prefix = /[^*]\*+$/.test(token);
      return { text: unquote(token.replace(/\*+$/, '')), prefix, negated };
    })
    .filter((t) => /[\p{L}\p{N}]/u.test(t.text));
}

type ListField = 'method' | 'event' | 'signature' | 'delivery' | 'notMethod' | 'notEvent' | 'notSignature' | 'notDelivery';

/** The many-valued kinds, each as its list of values and its list of values left out. */
const LIST_FIELDS: readonly (readonly [ListField, FilterKind, boolean])[] = [
  ['method', 'method', false],
  ['event', 'event', false],
  ['signature', 'signature', false],
  ['delivery', 'delivery', false],
  ['notMethod', 'method', true],
  ['notEvent', 'event', true],
  ['notSignature', 'signature', true],
  ['notDelivery', 'delivery', true],
];

/** The filter as the contract's `RequestFilter` input (listRequests, facets, export, bulk replay). */
export function toRequestFilter(state: RequestFilterState): {
  endpoint?: string;
  q?: string;
  method?: string[];
  event?: string[];
  signature?: VerificationStatus[];
  delivery?: DeliveryState[];
  notMethod?: string[];
  notEvent?: string[];
  notSignature?: VerificationStatus[];
  notDelivery?: DeliveryState[];
  from?: number;
  to?: number;
} {
  const out: ReturnType<typeof toRequestFilter> = {};
  const q = state.q.trim();
  if (q) out.q = q;
  const endpoint = chipValues(state, 'endpoint')[0];
  if (endpoint) out.endpoint = endpoint;
  for (const [key, kind, negated] of LIST_FIELDS) {
    const values = negated ? negatedValues(state, kind) : chipValues(state, kind);
    // The chips' values are normalised (`FILTER_KINDS[kind].normalize`): the kind's own type.
    if (values.length) (out as Record<ListField, string[]>)[key] = values;
  }
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
  for (const c of state.chips) {
    if (c.negated) {
      if ((FILTER_KINDS[c.kind] as FilterKindSpec).matches(request, c.value)) return 'no';
    } else byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.value]);
  }
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
