/**
 * The live stream `listen` (and `serve --json`) prints: one line per captured request, per
 * finished delivery attempt and per tunnel change — as text for people or NDJSON for scripts.
 * It reads the same events the inspector gets, so the terminal and the UI never disagree.
 */
import type { HookbayEvent } from '../contract/events';
import type { Delivery, RequestSummary } from '../contract/requests';
import type { TunnelStatus } from '../contract/tunnel';

export type LiveRecord =
  | {
      type: 'request';
      id: number;
      endpoint: string;
      method: string;
      path: string;
      query: string;
      eventType: string | null;
      eventId: string | null;
      signature: string;
      via: string;
      size: number;
      receivedAt: number;
    }
  | {
      type: 'attempt';
      requestId: number;
      deliveryId: number;
      attempt: number;
      url: string;
      status: number | null;
      durationMs: number | null;
      ok: boolean;
      errorClass: string | null;
      error: string | null;
      /** `scheduled` (a retry follows at `nextAttemptAt`), `delivered` or `failed` (given up). */
      state: Delivery['state'];
      nextAttemptAt: number | null;
    }
  | { type: 'tunnel'; state: TunnelStatus['state']; url: string | null; urlChanged: boolean; reason: string | null };

/** Turns core events into records; remembers which attempts it has already reported. */
export class LiveStream {
  private readonly reported = new Map<number, number>();
  // A tunnel that was never opened reports `off` when the server stops: nothing to say.
  private lastTunnel = 'off  ';

  records(event: HookbayEvent): LiveRecord[] {
    if (event.type === 'request.captured') return [requestRecord(event.request)];
    if (event.type === 'delivery.updated') return this.attempts(event.delivery);
    if (event.type === 'tunnel.status') {
      const s = event.status;
      const key = `${s.state} ${s.url ?? ''} ${s.reason ?? ''}`;
      if (key === this.lastTunnel) return [];
      this.lastTunnel = key;
      return [{ type: 'tunnel', state: s.state, url: s.url, urlChanged: s.urlChanged, reason: s.reason ?? null }];
    }
    return [];
  }

  private attempts(d: Delivery): LiveRecord[] {
    const done = this.reported.get(d.id) ?? 0;
    if (d.attempts.length <= done) return [];
    this.reported.set(d.id, d.attempts.length);
    if (d.state === 'delivered' || d.state === 'failed' || d.state === 'cancelled') this.reported.delete(d.id);
    return d.attempts.slice(done).map((a, i, fresh) => {
      const last = i === fresh.length - 1;
      return {
        type: 'attempt' as const,
        requestId: d.requestId,
        deliveryId: d.id,
        attempt: a.attempt,
        url: a.request.url,
        status: a.status,
        durationMs: a.durationMs === null ? null : Math.round(a.durationMs),
        ok: a.errorClass === null,
        errorClass: a.errorClass,
        error: a.error,
        state: last ? d.state : 'scheduled',
        nextAttemptAt: last ? d.nextAttemptAt : null,
      };
    });
  }
}

function requestRecord(r: RequestSummary): LiveRecord {
  return {
    type: 'request',
    id: r.id,
    endpoint: r.endpointSlug,
    method: r.method,
    path: r.path,
    query: r.query,
    eventType: r.eventType,
    eventId: r.eventId,
    signature: r.verificationStatus,
    via: r.via,
    size: r.size,
    receivedAt: r.receivedAt,
  };
}

export interface Paint {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const COLOURS: Paint = { green: sgr('32'), red: sgr('31'), yellow: sgr('33'), dim: sgr('2'), bold: sgr('1') };
const same = (s: string) => s;
export const PLAIN: Paint = { green: same, red: same, yellow: same, dim: same, bold: same };

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint {
  return stream.isTTY && !env.NO_COLOR ? COLOURS : PLAIN;
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

function inWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}

const SIGNATURE_PAINT: Record<string, keyof Paint> = { valid: 'green', invalid: 'red', expired: 'red', malformed: 'red', missing: 'yellow' };

/** One line for a person; `now` makes the "in 2 s" of a retry testable. */
export function humanLine(r: LiveRecord, paint: Paint, now = Date.now()): string {
  if (r.type === 'request') {
    const target = r.query ? `${r.path}?${r.query}` : r.path;
    const sig = SIGNATURE_PAINT[r.signature] ? paint[SIGNATURE_PAINT[r.signature]!](`[${r.signature}]`) : paint.dim(`[${r.signature}]`);
    return `--> ${paint.bold(r.method)} ${target}  ${r.eventType ?? '-'}  ${sig}  ${paint.dim(`#${r.id}`)}`;
  }
  if (r.type === 'attempt') {
    const ms = r.durationMs === null ? '' : `  ${r.durationMs} ms`;
    const head = `<-- ${r.status ?? 'ERR'} ${r.url}${ms}  ${paint.dim(`#${r.requestId}`)}`;
    if (r.ok) return paint.green('<--') + head.slice(3);
    const why = `${r.errorClass}${r.error && r.status === null ? `: ${r.error}` : ''}`;
    const next =
      r.state === 'scheduled' && r.nextAttemptAt !== null
        ? paint.yellow(`retry ${r.attempt + 1} at ${clock(r.nextAttemptAt)} (in ${inWords(r.nextAttemptAt - now)})`)
        : r.state === 'failed'
          ? paint.red(`gave up after ${r.attempt} attempt${r.attempt === 1 ? '' : 's'}`)
          : '';
    return `${paint.red('<--')}${head.slice(3)}  ${paint.red(why)}${next ? `  ${next}` : ''}`;
  }
  if (r.state === 'online') {
    return r.urlChanged
      ? paint.yellow(paint.bold(`!!! Tunnel URL CHANGED: ${r.url} — update the URL in your provider's webhook settings`))
      : paint.green(`Tunnel online: ${r.url}`);
  }
  return paint.yellow(`Tunnel ${r.state}${r.reason ? `: ${r.reason}` : ''}`);
}
