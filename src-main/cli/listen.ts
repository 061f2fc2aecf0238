/**
 * `hookbay listen --forward-to 3000`: the everyday command. Runs a Hookbay, points one
 * endpoint at the local app for the session, and prints every request and delivery attempt.
 */
import type { Endpoint, ForwardTarget } from '../contract/endpoints';
import { SLUG_PATTERN } from '../contract/endpoints';
import { eventTypeMatches } from '../core/relay/routing';
import { SCHEME_IDS } from '../core/signatures';
import { DEFAULT_SLUG } from '../core/store/endpoint-store';
import type { Command } from './command';
import { call } from './call';
import { HELP_FLAG, UsageError, type FlagValues } from './flags';
import { SERVER_FLAGS } from './server-flags';
import type { LiveRecord } from './live-log';
import { runServer, type Running } from './server-run';

interface ListenPlan {
  slug: string;
  target: ForwardTarget;
  events: string[];
  verify: { scheme: string; secrets: string[] } | null;
}

function planOf(values: FlagValues, positionals: string[]): ListenPlan {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'listen');
  const raw = values['forward-to'] as string | undefined;
  // Already an absolute http(s) URL: `parseCommand` parses every target flag (`kind: 'target'`).
  if (!raw) throw new UsageError('--forward-to is required (a port such as 3000, or a URL)', 'listen');
  const slug = ((values.slug as string | undefined) ?? DEFAULT_SLUG).toLowerCase();
  if (!SLUG_PATTERN.test(slug)) throw new UsageError(`--slug: "${slug}" is not a slug: 1-63 lowercase letters, digits, "-" or "_"`, 'listen');
  const events = ((values.events as string | undefined) ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const scheme = values.verify as string | undefined;
  const secrets = (values.secret as string[] | undefined) ?? [];
  if (secrets.length > 0 && !scheme) throw new UsageError('--secret needs --verify <scheme>', 'listen');
  if (scheme && !(SCHEME_IDS as string[]).includes(scheme)) {
    throw new UsageError(`--verify: unknown scheme "${scheme}"; expected one of ${SCHEME_IDS.join(', ')}`, 'listen');
  }
  const target: ForwardTarget = {
    url: raw,
    pathMode: 'append',
    enabled: true,
    concurrency: 4,
    ordered: false,
    ...(events.length > 0 ? { rules: { eventTypes: events } } : {}),
  };
  return { slug, target, events, verify: scheme ? { scheme, secrets } : null };
}

/** Points the endpoint at the target for this session and restores its own targets at exit. */
async function prepare(plan: ListenPlan, running: Running): Promise<string[]> {
  const { handlers } = running;
  const endpoints = await call(handlers, 'listEndpoints', {});
  let endpoint: Endpoint | undefined = endpoints.find((e) => e.slug === plan.slug);
  endpoint ??= await call(handlers, 'createEndpoint', { name: plan.slug, slug: plan.slug });
  const id = endpoint.id;
  let original = endpoint.forward;
  const override = () =>
    call(handlers, 'updateEndpoint', {
      id,
      forward: [plan.target],
      ...(plan.verify ? { verify: { scheme: plan.verify.scheme, secrets: plan.verify.secrets } } : {}),
    });
  await override();
  // A changed config file sets the endpoint's own targets; listen's forward stays on top of them.
  running.afterConfig(async () => {
    const now = (await call(handlers, 'listEndpoints', {})).find((e) => e.id === id)?.forward ?? original;
    // Still listen's own target: the file does not declare this endpoint.
    if (!(now.length === 1 && now[0]!.url === plan.target.url)) original = now;
    await override();
  });
  running.onClose(async () => {
    await call(handlers, 'updateEndpoint', { id, forward: original });
  });
  const receiver = running.headless.app.receiverUrl;
  const from = endpoint.builtIn ? `${receiver}/…` : `${receiver}/${endpoint.slug}/…`;
  const only = plan.events.length > 0 ? `; only ${plan.events.join(', ')}` : '';
  const verify = plan.verify ? `; verifying ${plan.verify.scheme} with ${plan.verify.secrets.length} secret(s)` : '';
  running.emit({ type: 'forwarding', endpoint: endpoint.slug, from, to: plan.target.url, events: plan.events });
  return [`  Forward    ${from} → ${plan.target.url.replace(/\/$/, '')}/…   (endpoint ${endpoint.slug}${only}${verify})`];
}

/** Says why a request of the listened endpoint is not forwarded, so a silent target is not a mystery. */
function noteFor(plan: ListenPlan): (r: LiveRecord) => string | null {
  return (r) => {
    if (r.type !== 'request' || r.endpoint !== plan.slug || plan.events.length === 0) return null;
    if (r.eventType !== null && plan.events.some((p) => eventTypeMatches(p, r.eventType!))) return null;
    return `(not forwarded: --events ${plan.events.join(',')})`;
  };
}

export const listen: Command = {
  spec: {
    name: 'listen',
    usage: 'listen --forward-to <port|url> [options]',
    summary: 'receive webhooks and forward them to your local app, printing every event and delivery',
    longRunning: true,
    flags: [
      { name: 'forward-to', type: 'string', kind: 'target', value: 'PORT|URL', help: 'where to forward: a port (http://localhost:PORT), host:port or a URL (required)' },
      { name: 'slug', type: 'string', value: 'SLUG', default: DEFAULT_SLUG, help: 'the endpoint to forward (created when missing)' },
      { name: 'events', type: 'string', value: 'A,B', help: 'forward only these event types; a trailing * matches a family (invoice.*)' },
      { name: 'verify', type: 'string', value: 'SCHEME', help: `verify signatures with this scheme (${SCHEME_IDS.slice(0, 4).join(', ')}, …)` },
      { name: 'secret', type: 'string', value: 'SECRET', multiple: true, help: 'signing secret for --verify; repeat for rotation (newest first)' },
      ...SERVER_FLAGS,
      HELP_FLAG,
    ],
    details: `What your app sees: a request to the receiver is forwarded to the --forward-to URL with
the path after the endpoint appended and the query kept. With the default endpoint, any path
reaches it: POST http://127.0.0.1:8787/hooks/a?x=1 → POST <forward-to>/hooks/a?x=1. With
--slug stripe, requests to /stripe/… reach it: POST …/stripe/a → POST <forward-to>/a.
Method, headers (plus X-Forwarded-*) and body bytes are passed as received; failed deliveries are
retried with backoff. The forward applies while listen runs: the endpoint's own targets come
back when it stops. --verify and --secret are kept as the endpoint's settings.

Lines:  --> POST /stripe  invoice.paid  [valid]  #42
        <-- 200 http://localhost:3000/webhooks  12 ms  #42
        <-- ERR http://localhost:3000/webhooks  2 ms  #43  connection_refused: …  retry 2 at 14:05:09 (in 1 s)`,
  },
  run: async ({ values, positionals, runtime }) => {
    const plan = planOf(values, positionals);
    await runServer(values, runtime, { liveText: true, title: 'listen', command: 'hookbay listen', note: noteFor(plan), prepare: (running) => prepare(plan, running) });
  },
};
