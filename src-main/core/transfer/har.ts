import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { LIMITS } from '../../contract/fields';
import type { HeaderPairs } from '../../contract/common';
import type { Delivery, DeliveryAttempt } from '../../contract/requests';
import { splitTarget } from '../endpoints/route';
import { headerValue } from '../http/headers';
import type { RequestWithBody } from '../store/request-store';

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/). The spec defines `encoding`
 * only on `response.content`; request bodies that are not UTF-8 text are written the same
 * way (`postData.encoding: "base64"`), which HTTP Toolkit and Hookbay read back, while
 * tools that ignore the field still get a well-formed entry. Hookbay's own fields start
 * with `_`, as the spec asks for custom fields.
 */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: unknown[];
    entries: HarEntry[];
  };
}

interface NameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: unknown[];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string; params: NameValue[]; encoding?: 'base64' };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: unknown[];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64' };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; send: number; wait: number; receive: number; ssl: number };
  _hookbay?: { id: number; endpoint: string; via: string; replayOf: number | null; truncated: boolean; targetUrl?: string };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(body: Buffer): string | null {
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

const nameValues = (headers: HeaderPairs): NameValue[] => headers.map(([name, value]) => ({ name, value }));

function queryPairs(query: string): NameValue[] {
  if (!query) return [];
  return query.split('&').filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return eq === -1 ? { name: decode(part), value: '' } : { name: decode(part.slice(0, eq)), value: decode(part.slice(eq + 1)) };
  });
}

function responseOf(attempt: DeliveryAttempt | undefined): HarEntry['response'] {
  if (!attempt || attempt.status === null) {
    return {
      status: 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(attempt?.error ? { _error: attempt.error } : {}),
    };
  }
  const headers = attempt.responseHeaders ?? [];
  const body = Buffer.from(attempt.responseBodyBase64 ?? '', 'base64');
  const text = asText(body);
  return {
    status: attempt.status,
    statusText: STATUS_CODES[attempt.status] ?? '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: nameValues(headers),
    content: {
      size: body.length,
      mimeType: headerValue(headers, 'content-type') ?? 'x-unknown',
      ...(text !== null ? { text } : { text: body.toString('base64'), encoding: 'base64' as const }),
    },
    redirectURL: headerValue(headers, 'location') ?? '',
    headersSize: -1,
    bodySize: body.length,
  };
}

/**
 * One entry per request, as the sender sent it to Hookbay (`origin` is the receiver or
 * tunnel URL). The response is the local target's latest answer on the first delivery,
 * which is what a developer debugging their handler wants to see next to the request.
 */
export function harEntry(req: RequestWithBody, deliveries: Delivery[], origin: string): HarEntry {
  const first = deliveries[0];
  const attempt = first?.attempts.at(-1);
  const text = asText(req.body);
  const wait = attempt?.durationMs ?? 0;
  return {
    startedDateTime: new Date(req.receivedAt).toISOString(),
    time: wait,
    request: {
      method: req.method,
      url: `${origin}${req.path}${req.query ? `?${req.query}` : ''}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(req.headers),
      queryString: queryPairs(req.query),
      ...(req.body.length > 0
        ? {
            postData: {
              mimeType: req.contentType ?? '',
              params: [],
              ...(text !== null ? { text } : { text: req.body.toString('base64'), encoding: 'base64' as const }),
            },
          }
        : {}),
      headersSize: -1,
      bodySize: req.body.length,
    },
    response: responseOf(attempt),
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait, receive: 0, ssl: -1 },
    _hookbay: {
      id: req.id,
      endpoint: req.endpointSlug,
      via: req.via,
      replayOf: req.replayOf,
      truncated: req.truncated,
      ...(first ? { targetUrl: first.targetUrl } : {}),
    },
  };
}

/** The HAR document around `entries` (the export streams its entries in between). */
export function harLog(version: string, entries: HarEntry[]): Har {
  return { log: { version: '1.2', creator: { name: 'Hookbay', version }, pages: [], entries } };
}

export interface ImportedRequest {
  method: string;
  path: string;
  query: string;
  headers: HeaderPairs;
  body: Buffer;
  receivedAt: number;
}

/** A HAR that cannot be read; `path` names the part (`log.entries.3.request.headers`). */
export class HarFormatError extends Error {
  constructor(
    message: string,
    readonly path = '',
  ) {
    super(message);
  }
}

const NameValueIn = z.object({ name: z.string(), value: z.unknown().optional() });

/** The parts of an entry Hookbay reads; everything else in it is ignored. */
const HarEntryIn = z.object({
  startedDateTime: z.unknown().optional(),
  request: z.object({
    method: z.string().min(1).max(32),
    url: z.string().max(64 * 1024),
    headers: z.array(NameValueIn).max(LIMITS.headerPairs).optional(),
    postData: z
      .object({
        text: z.string().optional(),
        encoding: z.string().optional(),
        _encoding: z.string().optional(),
        params: z.array(NameValueIn).optional(),
      })
      .optional(),
  }),
});
type HarEntryIn = z.infer<typeof HarEntryIn>;

/**
 * Reads the requests of a HAR (ours, a browser's or HTTP Toolkit's). `firstIndex` numbers the
 * entries in error messages when this is a slice of a larger HAR (the import reads in slices).
 */
export function fromHar(input: string | Record<string, unknown>, firstIndex = 0): ImportedRequest[] {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch {
      throw new HarFormatError('The HAR file is not valid JSON.');
    }
  }
  const log = doc !== null && typeof doc === 'object' ? (doc as { log?: unknown }).log : undefined;
  const entries = log !== null && typeof log === 'object' ? (log as { entries?: unknown }).entries : undefined;
  if (!Array.isArray(entries)) throw new HarFormatError('The HAR file has no log.entries list.', 'log.entries');
  return entries.map((raw, at) => {
    const i = at + firstIndex;
    const parsed = HarEntryIn.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['log', 'entries', i, ...issue.path].map(String).join('.');
      throw new HarFormatError(`Entry ${i} cannot be imported: ${path}: ${issue.message}.`, path);
    }
    return importedOf(parsed.data);
  });
}

function importedOf(e: HarEntryIn): ImportedRequest {
  const r = e.request;
  // HTTP/2 captures list pseudo-headers (`:authority`); they are not HTTP/1.1 headers.
  const headers: HeaderPairs = (r.headers ?? [])
    .filter((h) => !h.name.startsWith(':'))
    .map((h) => [h.name, valueText(h.value)]);
  const { path, query } = splitTarget(rawTarget(r.url));
  const received = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  return {
    method: r.method.toUpperCase(),
    path,
    query,
    headers,
    body: bodyOf(r.postData),
    receivedAt: Number.isNaN(received) ? Date.now() : received,
  };
}

const valueText = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v) ?? '');

function bodyOf(postData: HarEntryIn['request']['postData']): Buffer {
  if (!postData) return Buffer.alloc(0);
  if (typeof postData.text === 'string') {
    const enc = postData.encoding ?? postData._encoding;
    return enc === 'base64' ? Buffer.from(postData.text, 'base64') : Buffer.from(postData.text, 'utf8');
  }
  if (Array.isArray(postData.params)) {
    return Buffer.from(new URLSearchParams(postData.params.map((p): [string, string] => [p.name, valueText(p.value)])).toString());
  }
  return Buffer.alloc(0);
}

/** Path and query of an absolute URL exactly as written (no re-encoding by `URL`). */
function rawTarget(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme === -1) return url.startsWith('/') ? url : `/${url}`;
  const slash = url.indexOf('/', scheme + 3);
  const q = url.indexOf('?', scheme + 3);
  let target = slash === -1 || (q !== -1 && q < slash) ? `/${q === -1 ? '' : url.slice(q)}` : url.slice(slash);
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  return target;
}
