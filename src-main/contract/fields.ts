import { z } from 'zod';

/**
 * Field schemas every operation shares, and the limits they enforce. Anything the core
 * would later fail on (a URL Node cannot send to, a header Node refuses to write, input so
 * large or deep it exhausts SQLite or the stack) is refused here, as a 400 naming the field,
 * before it is stored. The renderer's forms validate with the same schemas, so the message
 * appears next to the field that caused it. docs/api.md lists these limits.
 */
export const LIMITS = {
  urlChars: 2048,
  /** Values in one filter list (`event`, `method`, …); SQLite binds them as one JSON array. */
  filterValues: 1000,
  filterValueChars: 500,
  /** Routing rule entries per list. */
  ruleValues: 100,
  /** Header pairs of a replay edit; the receiver keeps at most 500 too. */
  headerPairs: 500,
  /** The receiver's whole header block: anything it captured can be replayed as it was. */
  headerChars: 64 * 1024,
  /** Headers of an endpoint's configured response. */
  responseHeaders: 50,
  responseHeaderNameChars: 256,
  responseHeaderValueChars: 8 * 1024,
  secrets: 16,
  secretChars: 16 * 1024,
  /** `verify.options`: nesting depth and keys per object (the `custom` scheme needs depth 2). */
  optionsDepth: 8,
  optionsKeys: 100,
  shortText: 200,
} as const;

/** An absolute `http:` or `https:` URL with a host: the only kind Hookbay can send to or be reached at. */
export const HttpUrl = z
  .string()
  .max(LIMITS.urlChars, `must be at most ${LIMITS.urlChars} characters`)
  .refine(isHttpUrl, 'must be an absolute http:// or https:// URL with a host (e.g. http://localhost:3000/webhooks)');

export function isHttpUrl(value: string): boolean {
  return parseHttpUrl(value) !== null;
}

/**
 * `value` parsed, when it is an absolute `http:` or `https:` URL with a host; else null. The
 * one test of "a URL Hookbay can send to": the contract's `HttpUrl`, the relay's target URLs
 * and the CLI's targets all use it, so none accepts what another refuses.
 */
export function parseHttpUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // `localhost:3000/x` parses with the scheme `localhost:`; only http(s) with a host will do.
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : null;
}

/** RFC 9110 §5.6.2 token: what Node's `validateHeaderName` accepts. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Field value Node will write: no CR, LF, NUL or other controls except tab, Latin-1 only. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export const HeaderName = z
  .string()
  .min(1, 'header name is required')
  .max(LIMITS.headerChars)
  .regex(TOKEN, 'header name must be a token: letters, digits and !#$%&\'*+-.^_`|~ (no spaces or colons)');

export const HeaderValue = z
  .string()
  .max(LIMITS.headerChars)
  .regex(FIELD_VALUE, 'header value may not contain CR, LF or other control characters');

/** Header pairs Hookbay will put on the wire, in order, case and duplicates as given. */
export const SendableHeaders = z.array(z.tuple([HeaderName, HeaderValue])).max(LIMITS.headerPairs);

/**
 * Message framing is Node's to write: a configured `Content-Length` next to Node's own, or a
 * `Transfer-Encoding` it does not apply, makes the answer unparseable for the sender.
 */
export const FRAMING_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

export const ResponseHeaders = z
  .array(
    z.tuple([
      HeaderName.max(LIMITS.responseHeaderNameChars).refine((n) => !FRAMING_HEADERS.has(n.toLowerCase()), {
        message: `framing headers (${[...FRAMING_HEADERS].join(', ')}) are set by Hookbay, not configured`,
      }),
      HeaderValue.max(LIMITS.responseHeaderValueChars),
    ]),
  )
  .max(LIMITS.responseHeaders);

/**
 * Whether a configured response header may be sent: for configurations saved before the
 * contract checked them, which the receiver filters rather than failing every capture.
 */
export function isSendableResponseHeader([name, value]: readonly [string, string]): boolean {
  return TOKEN.test(name) && FIELD_VALUE.test(value) && !FRAMING_HEADERS.has(name.toLowerCase());
}

/** Free-form options object with bounded depth and width (deep input blows the stack later). */
export const BoundedOptions = z.record(z.string().max(LIMITS.shortText), z.unknown()).superRefine((value, ctx) => {
  const problem = shapeProblem(value, LIMITS.optionsDepth, LIMITS.optionsKeys);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Why a JSON value is too deep or too wide, or null. Iterative, so a value nested 100,000
 * deep is measured without recursion.
 */
export function shapeProblem(value: unknown, maxDepth: number, maxKeys: number): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) return `nested more than ${maxDepth} levels deep`;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (children.length > maxKeys) return `more than ${maxKeys} entries in one object or list`;
    for (const c of children) stack.push({ v: c, depth: depth + 1 });
  }
  return null;
}
