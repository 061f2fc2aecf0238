import zlib from 'node:zlib';
import type { HeaderPairs } from '../../contract/common';

/** Headers that name the event type, in order of preference. */
const EVENT_TYPE_HEADERS = [
  'x-github-event',
  'x-shopify-topic',
  'twitch-eventsub-subscription-type',
  'x-gitlab-event',
  'x-event-key',
  'x-wc-webhook-topic',
  'x-hubspot-event',
  'linear-event',
  'x-zm-event',
  'x-mailgun-event',
] as const;
const EVENT_ID_HEADERS = [
  'webhook-id',
  'svix-id',
  'x-github-delivery',
  'x-shopify-webhook-id',
  'x-shopify-event-id',
  'twitch-eventsub-message-id',
  'x-request-id',
  'linear-delivery',
  'x-gitlab-event-uuid',
  'x-wc-webhook-delivery-id',
] as const;
const TYPE_HEADER_RANK = new Map<string, number>(EVENT_TYPE_HEADERS.map((h, i) => [h, i]));
const ID_HEADER_RANK = new Map<string, number>(EVENT_ID_HEADERS.map((h, i) => [h, i]));
const EVENT_TYPE_KEYS = ['type', 'event', 'eventType', 'event_type', 'topic', 'eventName', 'event_name'] as const;
const EVENT_ID_KEYS = ['id', 'eventId', 'event_id', 'webhookId', 'webhook_id', 'deliveryId'] as const;

/** Largest body ever parsed for event type/id. */
export const MAX_PARSE_BYTES = 2 * 1024 * 1024;
/**
 * Largest body parsed on the capture path. JSON.parse of 100 KB costs ~0.3 ms, more than
 * receiving it, so bigger bodies are derived in the background (see SearchIndex) unless
 * something on the capture path needs the event type (routing rules).
 */
export const EAGER_PARSE_BYTES = 64 * 1024;

export interface Derived {
  contentType: string | null;
  eventType: string | null;
  eventId: string | null;
}

/** Content type without parameters, lowercased (`application/json`). */
export function mediaType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() || null;
}

export function isJsonType(type: string | null): boolean {
  return type !== null && (type === 'application/json' || type.endsWith('+json') || type === 'text/json');
}

function scalar(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 0 && v.length <= 200 ? v : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Looks one level down too: many providers wrap as `{ event: { type } }` or `{ data: { id } }`. */
function pick(obj: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = scalar(obj[k]);
    if (v) return v;
  }
  for (const k of keys) {
    const inner = obj[k];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const v = pick(inner as Record<string, unknown>, ['type', 'name', 'id']);
      if (v) return v;
    }
  }
  return null;
}

/** Decompresses a body by its Content-Encoding, or returns null (unknown encoding, corrupt). */
export function decodeContent(body: Buffer, encoding: string | undefined, limit: number): Buffer | null {
  const enc = encoding?.trim().toLowerCase();
  if (!enc || enc === 'identity') return body;
  try {
    const opts = { maxOutputLength: limit };
    if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(body, opts);
    if (enc === 'deflate') return zlib.inflateSync(body, opts);
    if (enc === 'br') return zlib.brotliDecompressSync(body, opts);
  } catch {
    return null;
  }
  return null;
}

/** Event type and id from well-known headers, then from a JSON or form body up to `maxParseBytes`. */
export function derive(headers: HeaderPairs, body: Buffer, maxParseBytes = MAX_PARSE_BYTES): Derived {
  // One pass over the headers (this runs for every capture): rank each known header by
  // preference and keep the best of each kind.
  let contentType: string | null = null;
  let contentEncoding: string | undefined;
  let eventType: string | null = null;
  let eventId: string | null = null;
  let typeRank = Infinity;
  let idRank = Infinity;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') contentType ??= value;
    else if (lower === 'content-encoding') contentEncoding ??= value;
    else if (value) {
      const t = TYPE_HEADER_RANK.get(lower);
      if (t !== undefined && t < typeRank) [typeRank, eventType] = [t, value];
      const i = ID_HEADER_RANK.get(lower);
      if (i !== undefined && i < idRank) [idRank, eventId] = [i, value];
    }
  }
  if ((eventType === null || eventId === null) && body.length > 1 && body.length <= maxParseBytes) {
    const type = mediaType(contentType);
    const first = body[0];
    if (isJsonType(type) || ((type === null || type === 'text/plain') && (first === 0x7b || first === 0x5b))) {
      const decoded = decodeContent(body, contentEncoding, MAX_PARSE_BYTES);
      const json = decoded ? parseJsonObject(decoded) : null;
      if (json) {
        eventType ??= pick(json, EVENT_TYPE_KEYS);
        eventId ??= pick(json, EVENT_ID_KEYS);
      }
    } else if (type === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(body.toString('latin1'));
      eventType ??= form.get('EventType') ?? form.get('event') ?? form.get('type') ?? null;
      eventId ??= form.get('MessageSid') ?? form.get('id') ?? null;
    }
  }
  return { contentType, eventType, eventId };
}

function parseJsonObject(buf: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(buf.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    // Batched deliveries (SendGrid, Segment) send an array: use the first event.
    if (Array.isArray(v) && v[0] && typeof v[0] === 'object') return v[0] as Record<string, unknown>;
  } catch {
    /* not JSON: nothing to derive */
  }
  return null;
}

/** Whether a body was too large for the capture path's derivation and needs a later look. */
export function needsLateDerive(d: Pick<Derived, 'eventType' | 'eventId'>, size: number): boolean {
  return (d.eventType === null || d.eventId === null) && size > EAGER_PARSE_BYTES && size <= MAX_PARSE_BYTES;
}
