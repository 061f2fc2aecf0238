/**
 * `hookbay trigger <provider> <event> --to <url>`: sends a realistic sample event signed the
 * way the provider signs it — the same samples and signing code as the inspector's "Send test
 * event", so what passes here passes there.
 */
import type { SampleEvent } from '../contract/samples';
import { SigningError } from '../core/signatures';
import { SAMPLE_EVENTS } from '../core/signatures/samples';
import { signedTestEvent } from '../core/signatures/test-event';
import type { Command } from './command';
import { HELP_FLAG, UsageError } from './flags';
import { JSON_FLAG } from './server-flags';

function listing(json: boolean): string {
  if (json) return SAMPLE_EVENTS.map((s) => JSON.stringify({ provider: s.provider, eventType: s.eventType, scheme: s.scheme, description: s.description })).join('\n') + '\n';
  const width = Math.max(...SAMPLE_EVENTS.map((s) => `${s.provider} ${s.eventType}`.length)) + 2;
  return SAMPLE_EVENTS.map((s) => `${`${s.provider} ${s.eventType}`.padEnd(width)}${s.description}`).join('\n') + '\n';
}

function findSample(provider: string, eventType: string): SampleEvent {
  const ofProvider = SAMPLE_EVENTS.filter((s) => s.provider === provider);
  if (ofProvider.length === 0) {
    const providers = [...new Set(SAMPLE_EVENTS.map((s) => s.provider))];
    throw new UsageError(`unknown provider "${provider}"; expected one of ${providers.join(', ')} (hookbay trigger --list)`, 'trigger');
  }
  const sample = ofProvider.find((s) => s.eventType === eventType);
  if (!sample) throw new UsageError(`${provider} has no sample "${eventType}"; expected one of ${ofProvider.map((s) => s.eventType).join(', ')}`, 'trigger');
  return sample;
}

/** `--to`, already an absolute http(s) URL: `parseCommand` parses every target flag. */
function targetOf(to: string | undefined): URL {
  if (!to) throw new UsageError('--to is required: the URL to send the event to', 'trigger');
  return new URL(to);
}

export const trigger: Command = {
  spec: {
    name: 'trigger',
    usage: 'trigger <provider> <event> --to <url> [--secret S]  |  trigger --list',
    summary: 'send a realistic, correctly signed sample event to a URL',
    flags: [
      { name: 'to', type: 'string', kind: 'target', value: 'PORT|URL', help: 'where to send it: a URL, host:port, or a port (http://localhost:PORT)' },
      { name: 'secret', type: 'string', value: 'SECRET', help: "the provider's signing secret (whsec_… for Stripe, Svix, Standard Webhooks); unsigned without it" },
      { name: 'list', type: 'boolean', help: 'list the providers and events that can be sent' },
      JSON_FLAG,
      HELP_FLAG,
    ],
    details: `Signs with the provider's own scheme and a fresh timestamp; URL-bound schemes sign the
--to URL. The same samples back the inspector's "Send test event". Exits 1 when the target
cannot be reached or answers with a status of 400 or more.`,
  },
  run: async ({ values, positionals }) => {
    const json = values.json === true;
    if (values.list) return void process.stdout.write(listing(json));
    const [provider, eventType, ...extra] = positionals;
    if (!provider || !eventType) throw new UsageError('give a provider and an event (hookbay trigger --list shows them)', 'trigger');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'trigger');
    const sample = findSample(provider, eventType);
    const url = targetOf(values.to as string | undefined);
    const secret = values.secret as string | undefined;
    if (!secret) process.stderr.write(`hookbay: no --secret: sending ${provider} ${eventType} unsigned.\n`);
    let signed: ReturnType<typeof signedTestEvent>;
    try {
      signed = signedTestEvent(sample, {
        verify: secret ? { scheme: sample.scheme, secrets: [secret] } : null,
        path: url.pathname,
        url: url.href,
        tamper: false,
        now: Date.now(),
      });
    } catch (err) {
      if (err instanceof SigningError) throw new UsageError(`--secret: ${err.message}`, 'trigger');
      throw err;
    }
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
      await res.arrayBuffer();
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`could not send to ${url.href}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
    }
    const ms = Math.round(performance.now() - started);
    if (json) {
      process.stdout.write(JSON.stringify({ type: 'sent', provider, eventType, url: url.href, signed: Boolean(secret), status: res.status, durationMs: ms }) + '\n');
    } else {
      process.stdout.write(`--> POST ${url.href}  ${provider} ${eventType}  ${secret ? `signed (${sample.scheme})` : 'unsigned'}\n<-- ${res.status}  ${ms} ms\n`);
    }
    if (res.status >= 400) process.exitCode = 1;
  },
};
