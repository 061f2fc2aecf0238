import { z } from 'zod';
import { HttpUrl, LIMITS, ResponseHeaders } from './fields';
import { VerifyConfig } from './verification';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const Slug = z
  .string()
  .regex(SLUG_PATTERN, 'slug must be 1-63 lowercase letters, digits, "-" or "_", starting with a letter or digit');

/** Which captured requests a target receives. Empty/absent lists match everything. */
export const RoutingRules = z.object({
  eventTypes: z.array(z.string().min(1).max(LIMITS.shortText)).max(LIMITS.ruleValues).optional(),
  methods: z.array(z.string().min(1).max(LIMITS.shortText)).max(LIMITS.ruleValues).optional(),
  /** Path prefixes, relative to the endpoint (`/invoices`). */
  paths: z.array(z.string().min(1).max(LIMITS.urlChars)).max(LIMITS.ruleValues).optional(),
});
export type RoutingRules = z.infer<typeof RoutingRules>;

export const ForwardTarget = z.object({
  url: HttpUrl,
  /** `append`: target URL + path after the slug; `replace`: always the target URL's own path. */
  pathMode: z.enum(['append', 'replace']).default('append'),
  enabled: z.boolean().default(true),
  rules: RoutingRules.optional(),
  /** Attempts in flight at once against this target. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Deliver strictly in capture order (one at a time). */
  ordered: z.boolean().default(false),
});
export type ForwardTarget = z.infer<typeof ForwardTarget>;

export const RetryPolicy = z.object({
  maxAttempts: z.number().int().min(1).max(50).default(5),
  initialIntervalMs: z.number().int().min(0).max(86_400_000).default(1000),
  factor: z.number().min(1).max(10).default(2),
  maxIntervalMs: z.number().int().min(0).max(86_400_000).default(3_600_000),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /**
   * Explicit delays before attempts 2, 3, … (the last one repeats), for providers with a
   * fixed schedule such as SendPilot's 5 s, 30 s, 2 min, 15 min, 1 h; replaces
   * initialIntervalMs/factor when set. Jitter and maxIntervalMs still apply.
   */
  scheduleMs: z.array(z.number().int().min(0).max(86_400_000)).min(1).max(50).optional(),
  /** Statuses that are retried besides network errors and timeouts; `5xx` means all of them. */
  retryOn: z.array(z.union([z.number().int().min(100).max(599), z.literal('5xx')])).max(500).default([408, 429, '5xx']),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

export const ResponseConfig = z.object({
  /** A final status: a 1xx would leave the sender without an answer (it sees a hang-up and retries). */
  status: z.number().int().min(200, 'response.status must be a final status (200-599)').max(599).default(200),
  /** Valid names and values; framing headers (Content-Length, Transfer-Encoding, …) are Hookbay's. */
  headers: ResponseHeaders.default([['Content-Type', 'application/json']]),
  body: z.string().max(1_000_000).default('{"ok":true}'),
  delayMs: z.number().int().min(0).max(120_000).default(0),
});
export type ResponseConfig = z.infer<typeof ResponseConfig>;

export const ResponseMode = z.object({
  /** `immediate` answers from `response`; `wait` passes the first target's answer back. */
  mode: z.enum(['immediate', 'wait']).default('immediate'),
  /** In `wait` mode, how long to wait before answering from `response`. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});
export type ResponseMode = z.infer<typeof ResponseMode>;

const EndpointFields = {
  name: z.string().min(1, 'name is required').max(200),
  slug: Slug,
  verify: VerifyConfig.nullable().optional(),
  forward: z.array(ForwardTarget).max(16).optional(),
  response: ResponseConfig.optional(),
  responseMode: ResponseMode.optional(),
  retry: RetryPolicy.optional(),
};

export const EndpointInput = z.object(EndpointFields).strict();
export type EndpointInput = z.input<typeof EndpointInput>;
export type ParsedEndpointInput = z.output<typeof EndpointInput>;
export const EndpointPatch = z.object(EndpointFields).partial().strict();
export type EndpointPatch = z.input<typeof EndpointPatch>;

/**
 * Who manages an endpoint besides the inspector: `config` — the running `serve`/`listen`
 * applies this file (`hookbay.config.json`) and will write its fields again on the file's
 * next change. Held by that process, not stored: a Hookbay that does not apply the file
 * (the desktop app on the same data) reports null.
 */
export const ManagedBy = z.object({
  kind: z.literal('config'),
  /** The config file's absolute path. */
  file: z.string(),
});
export type ManagedBy = z.infer<typeof ManagedBy>;

export const Endpoint = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  builtIn: z.boolean(),
  createdAt: z.number(),
  verify: VerifyConfig.nullable(),
  forward: z.array(ForwardTarget),
  response: ResponseConfig,
  responseMode: ResponseMode,
  retry: RetryPolicy,
  /** Local receiver URL (`http://127.0.0.1:8787/<slug>`). */
  localUrl: z.string(),
  /** `<tunnel url>/<slug>` while a tunnel is open, else the user-set `verify.publicUrl`, else null. */
  publicUrl: z.string().nullable(),
  /** Requests captured since the UI last marked the endpoint read. */
  unread: z.number().int(),
  total: z.number().int(),
  /** Null (absent from a Hookbay older than this field) when only the inspector manages it. */
  managedBy: ManagedBy.nullable().optional(),
});
export type Endpoint = z.infer<typeof Endpoint>;
