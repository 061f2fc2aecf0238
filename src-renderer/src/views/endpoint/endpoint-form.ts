import type { Endpoint, EndpointInput } from '@contract';
import { headersToText, textToHeaders } from '../../format/header-text';

/** Scheme ids offered in the editor; the server's registry is the authority and names unknown ones. */
export const KNOWN_SCHEMES = [
  'auto',
  'stripe',
  'github',
  'standard-webhooks',
  'svix',
  'slack',
  'shopify',
  'twilio',
  'paddle',
  'square',
  'linear',
  'zoom',
  'intercom',
  'bitbucket',
  'hubspot',
  'typeform',
  'calendly',
  'twitch',
  'lemonsqueezy',
  'coinbase',
  'vercel',
  'razorpay',
  'woocommerce',
  'sentry',
  'zendesk',
  'gitlab',
  'mailgun',
  'discord',
  'sendgrid',
  'drippi',
  'drip',
  'sendpilot',
  'dropcowboy',
  'whippy',
  'custom',
] as const;

/** What the picker shows for each scheme id: the provider's own spelling, and what `auto`/`custom` do. */
export const SCHEME_LABELS: Record<(typeof KNOWN_SCHEMES)[number], string> = {
  auto: 'Auto-detect from the headers',
  stripe: 'Stripe',
  github: 'GitHub',
  'standard-webhooks': 'Standard Webhooks',
  svix: 'Svix',
  slack: 'Slack',
  shopify: 'Shopify',
  twilio: 'Twilio',
  paddle: 'Paddle',
  square: 'Square',
  linear: 'Linear',
  zoom: 'Zoom',
  intercom: 'Intercom',
  bitbucket: 'Bitbucket',
  hubspot: 'HubSpot',
  typeform: 'Typeform',
  calendly: 'Calendly',
  twitch: 'Twitch',
  lemonsqueezy: 'Lemon Squeezy',
  coinbase: 'Coinbase Commerce',
  vercel: 'Vercel',
  razorpay: 'Razorpay',
  woocommerce: 'WooCommerce',
  sentry: 'Sentry',
  zendesk: 'Zendesk',
  gitlab: 'GitLab',
  mailgun: 'Mailgun',
  discord: 'Discord',
  sendgrid: 'SendGrid',
  drippi: 'Drippi',
  drip: 'DRIP',
  sendpilot: 'SendPilot',
  dropcowboy: 'Drop Cowboy',
  whippy: 'Whippy',
  custom: 'Custom (header, algorithm, encoding…)',
};

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Schemes whose id or label contains the typed text, any case, ignoring spaces and dashes
 * (`Standard Webhooks`, `standard-webhooks`, `STRIPE`); ids starting with it first.
 */
export function searchSchemes(text: string): (typeof KNOWN_SCHEMES)[number][] {
  const q = squash(text);
  if (!q) return [...KNOWN_SCHEMES];
  const hits = KNOWN_SCHEMES.filter((id) => squash(id).includes(q) || squash(SCHEME_LABELS[id]).includes(q));
  return hits.sort((a, b) => Number(!squash(a).startsWith(q)) - Number(!squash(b).startsWith(q)));
}

/** The scheme id for what was typed: a known id or label in any case becomes that id; anything else is kept for the server to judge. */
export function canonicalScheme(text: string): string {
  const t = text.trim();
  return KNOWN_SCHEMES.find((id) => squash(id) === squash(t) || squash(SCHEME_LABELS[id]) === squash(t)) ?? t;
}

/** Whitespace made visible: `·` for a space, `⏎` for a line break, `⇥` for a tab. */
export function showWhitespace(text: string): string {
  return text.replace(/ /g, '·').replace(/\r?\n|\r/g, '⏎').replace(/\t/g, '⇥');
}

export interface TargetForm {
  url: string;
  pathMode: 'append' | 'replace';
  enabled: boolean;
  concurrency: string;
  ordered: boolean;
  eventTypes: string;
  methods: string;
  paths: string;
}

/** The editor's state: text fields as typed, converted only when saving. */
export interface EndpointForm {
  name: string;
  slug: string;
  scheme: string;
  secrets: string[];
  toleranceSec: string;
  publicUrl: string;
  targets: TargetForm[];
  retry: { maxAttempts: string; initialIntervalMs: string; factor: string; maxIntervalMs: string; timeoutMs: string; retryOn: string };
  response: { status: string; headers: string; body: string; delayMs: string };
  responseMode: { mode: 'immediate' | 'wait'; timeoutMs: string };
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const list = (values: readonly (string | number)[] | undefined) => (values ?? []).join(', ');

export function emptyTarget(): TargetForm {
  return { url: '', pathMode: 'append', enabled: true, concurrency: '4', ordered: false, eventTypes: '', methods: '', paths: '' };
}

export function formFromEndpoint(e: Endpoint | null): EndpointForm {
  return {
    name: e?.name ?? '',
    slug: e?.slug ?? '',
    scheme: e?.verify?.scheme ?? '',
    secrets: e?.verify?.secrets.length ? [...e.verify.secrets] : [''],
    // `null` is "ignore timestamps", which the field offers by name.
    toleranceSec: e?.verify?.toleranceSec === null ? 'ignore' : str(e?.verify?.toleranceSec),
    publicUrl: e?.verify?.publicUrl ?? '',
    targets: (e?.forward ?? []).map((t) => ({
      url: t.url,
      pathMode: t.pathMode,
      enabled: t.enabled,
      concurrency: str(t.concurrency),
      ordered: t.ordered,
      eventTypes: list(t.rules?.eventTypes),
      methods: list(t.rules?.methods),
      paths: list(t.rules?.paths),
    })),
    retry: {
      maxAttempts: str(e?.retry.maxAttempts ?? 5),
      initialIntervalMs: str(e?.retry.initialIntervalMs ?? 1000),
      factor: str(e?.retry.factor ?? 2),
      maxIntervalMs: str(e?.retry.maxIntervalMs ?? 3_600_000),
      timeoutMs: str(e?.retry.timeoutMs ?? 30_000),
      retryOn: list(e?.retry.retryOn ?? [408, 429, '5xx']),
    },
    response: {
      status: str(e?.response.status ?? 200),
      headers: headersToText(e?.response.headers ?? [['Content-Type', 'application/json']]),
      body: e?.response.body ?? '{"ok":true}',
      delayMs: str(e?.response.delayMs ?? 0),
    },
    responseMode: { mode: e?.responseMode.mode ?? 'immediate', timeoutMs: str(e?.responseMode.timeoutMs ?? 10_000) },
  };
}

/** A number field: empty means "not set", anything else must be a number (NaN lets zod name the field). */
const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));
const csv = (text: string): string[] | undefined => {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
};

/** Slug suggestion from a name: "Stripe (test)" → "stripe-test". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** The form as the contract's endpoint input, ready for `EndpointInput.safeParse`. */
export function inputFromForm(form: EndpointForm): EndpointInput {
  const secrets = form.secrets.filter((s) => s !== '');
  const rules = (t: TargetForm) => {
    const r = { eventTypes: csv(t.eventTypes), methods: csv(t.methods)?.map((m) => m.toUpperCase()), paths: csv(t.paths) };
    return r.eventTypes || r.methods || r.paths ? r : undefined;
  };
  return {
    name: form.name.trim(),
    slug: form.slug.trim(),
    verify: form.scheme.trim()
      ? {
          scheme: canonicalScheme(form.scheme),
          secrets,
          ...(form.toleranceSec.trim() ? { toleranceSec: /^ignore$/i.test(form.toleranceSec.trim()) ? null : num(form.toleranceSec) } : {}),
          ...(form.publicUrl.trim() ? { publicUrl: form.publicUrl.trim() } : {}),
        }
      : null,
    forward: form.targets.map((t) => ({
      url: t.url.trim(),
      pathMode: t.pathMode,
      enabled: t.enabled,
      concurrency: num(t.concurrency),
      ordered: t.ordered,
      ...(rules(t) ? { rules: rules(t) } : {}),
    })),
    retry: {
      maxAttempts: num(form.retry.maxAttempts),
      initialIntervalMs: num(form.retry.initialIntervalMs),
      factor: num(form.retry.factor),
      maxIntervalMs: num(form.retry.maxIntervalMs),
      timeoutMs: num(form.retry.timeoutMs),
      retryOn: csv(form.retry.retryOn)?.map((v) => (v.toLowerCase() === '5xx' ? '5xx' : Number(v))),
    },
    response: {
      status: num(form.response.status),
      headers: textToHeaders(form.response.headers).headers,
      body: form.response.body,
      delayMs: num(form.response.delayMs),
    },
    responseMode: { mode: form.responseMode.mode, timeoutMs: num(form.responseMode.timeoutMs) },
  };
}
