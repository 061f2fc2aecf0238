import { z } from 'zod';
import { HeaderPairs, IntParam } from './common';
import { LIMITS } from './fields';
import { Verification, VerificationStatus } from './verification';

export const DeliveryState = z.enum(['none', 'pending', 'delivered', 'retrying', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** How a request reached the store. */
export const Via = z.enum(['direct', 'tunnel', 'replay', 'import', 'test']);
export type Via = z.infer<typeof Via>;

export const RequestSummary = z.object({
  id: z.number().int(),
  endpointId: z.string(),
  endpointSlug: z.string(),
  method: z.string(),
  path: z.string(),
  /** Raw query string without `?`, exactly as received ('' when none). */
  query: z.string(),
  size: z.number().int(),
  truncated: z.boolean(),
  receivedAt: z.number(),
  contentType: z.string().nullable(),
  eventType: z.string().nullable(),
  eventId: z.string().nullable(),
  duplicateOf: z.number().int().nullable(),
  via: Via,
  /** Set when the request could not be parsed as HTTP; the raw bytes are the body. */
  error: z.string().nullable(),
  replayOf: z.number().int().nullable(),
  verificationStatus: VerificationStatus,
  deliveryState: DeliveryState,
});
export type RequestSummary = z.infer<typeof RequestSummary>;

/**
 * Why an attempt failed. `invalid_target` and `invalid_request` mean Node refused to send it
 * at all (a URL that is not absolute http(s), a header name or value that cannot go on the
 * wire); they are final, never retried.
 */
export const ErrorClass = z.enum([
  'connection_refused',
  'timeout',
  'dns',
  'tls',
  'http_5xx',
  'http_4xx',
  'reset',
  'invalid_target',
  'invalid_request',
  'other',
]);
export type ErrorClass = z.infer<typeof ErrorClass>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int(),
  startedAt: z.number(),
  durationMs: z.number().nullable(),
  request: z.object({ method: z.string(), url: z.string(), headers: HeaderPairs, bodySize: z.number().int() }),
  status: z.number().int().nullable(),
  responseHeaders: HeaderPairs.nullable(),
  responseBodyBase64: z.string().nullable(),
  responseTruncated: z.boolean(),
  /**
   * One of `ErrorClass`; null on success. A string, not the enum, so rows written by a newer
   * version (a class added later) still read.
   */
  errorClass: z.string().nullable(),
  error: z.string().nullable(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  id: z.number().int(),
  requestId: z.number().int(),
  targetUrl: z.string(),
  state: z.enum(['pending', 'in_flight', 'scheduled', 'delivered', 'failed', 'cancelled']),
  attempts: z.array(DeliveryAttempt),
  nextAttemptAt: z.number().nullable(),
  createdAt: z.number(),
  /** True when Hookbay re-signed the request before sending (replays). */
  resigned: z.boolean(),
});
export type Delivery = z.infer<typeof Delivery>;

export const RequestDetail = RequestSummary.extend({
  headers: HeaderPairs,
  bodyBase64: z.string(),
  remoteAddress: z.string().nullable(),
  verification: Verification,
  deliveries: z.array(Delivery),
});
export type RequestDetail = z.infer<typeof RequestDetail>;

const FilterValue = z.string().max(LIMITS.filterValueChars);
const FilterValues = z.array(FilterValue).max(LIMITS.filterValues, `at most ${LIMITS.filterValues} values`);
const clean = (values: string[]) => values.map((s) => s.trim()).filter(Boolean);

/** A list, or one comma-separated string (`method=GET,POST`): for values that never hold a comma. */
const csv = z
  .union([z.string().max(LIMITS.filterValues * (LIMITS.filterValueChars + 1)), FilterValues])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')))
  .pipe(FilterValues)
  .transform(clean);

/** A list, or one value taken whole: event types may contain commas (repeat the key for several). */
const list = z.union([FilterValue, FilterValues]).transform((v) => clean(Array.isArray(v) ? v : [v]));

/** Filters shared by listing, facets, bulk replay and export. */
export const RequestFilter = z.object({
  endpoint: z.string().max(LIMITS.shortText).optional(),
  q: z.string().max(500).optional(),
  method: csv.optional(),
  event: list.optional(),
  signature: csv.pipe(z.array(VerificationStatus)).optional(),
  delivery: csv.pipe(z.array(DeliveryState)).optional(),
  /** Received at or after / before (ms epoch). */
  from: IntParam.optional(),
  to: IntParam.optional(),
  /** Replays made from this request (replay lineage). */
  replayOf: IntParam.optional(),
});
export type RequestFilter = z.infer<typeof RequestFilter>;

export const ListRequestsInput = RequestFilter.extend({
  limit: IntParam.min(1).max(1000).default(100),
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor: z.string().max(LIMITS.shortText).optional(),
});
export type ListRequestsInput = z.input<typeof ListRequestsInput>;

export const RequestPage = z.object({
  items: z.array(RequestSummary),
  nextCursor: z.string().nullable(),
});
export type RequestPage = z.infer<typeof RequestPage>;

export const FacetCount = z.object({ value: z.string(), count: z.number().int() });
export const Facets = z.object({
  methods: z.array(FacetCount),
  eventTypes: z.array(FacetCount),
  signature: z.array(FacetCount),
  delivery: z.array(FacetCount),
  total: z.number().int(),
  /**
   * Present and true when a filtered count (search, time range, replays) stopped at its time
   * budget: every count is then a lower bound, shown as "≥ N".
   */
  partial: z.literal(true).optional(),
});
export type Facets = z.infer<typeof Facets>;
