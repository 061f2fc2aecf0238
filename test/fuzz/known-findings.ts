/**
 * Findings of the fuzzer whose fix has not landed on main yet. The bounded run in
 * `npm test` leaves their cases out — counted and printed, never silently — so it stays
 * green while the owners fix them; `HOOKBAY_FUZZ_KNOWN=1` puts them back in. Each entry
 * names its issue item and the finding in /work/team/fuzz-findings.md. When a fix lands
 * on main, delete its entry: the fuzzer then proves the fix.
 */
import { INCLUDE_KNOWN } from './support/fuzz-config';
import { safeNumber as num, safeString as str } from './support/world';

/** What a matcher sees: an operation call (either transport) or a raw receiver request. */
export interface FuzzCase {
  transport: 'http' | 'ipc' | 'receiver';
  op?: string;
  input?: unknown;
  rawParam?: string;
  rawBody?: string;
  /** Receiver cases: the request target and the raw bytes sent. */
  target?: string;
  raw?: Buffer;
}

export interface KnownFinding {
  /** F-number in /work/team/fuzz-findings.md. */
  id: string;
  /** Issue 11 item (and owning branch) that fixes it. */
  fixedBy: string;
  what: string;
  matches(c: FuzzCase): boolean;
}

/** Percent-encoding that does not decode (`%ZZ`, `%`, a cut UTF-8 sequence). */
const BAD_PERCENT = /%(?![0-9a-fA-F]{2})|%[eE][0-9a-fA-F]%[0-9a-fA-F]{2}(?!%)|%[89a-fA-F][0-9a-fA-F](?!%[89abAB])/;

/** An absolute http(s) URL with a host: the only kind a forward or replay can go to. */
function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return true; // not a URL at all: zod refuses it
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return true; // zod's url() refuses it too
  }
}

/** Every value under a key named `key`, anywhere in the input (no recursion: inputs may be deep). */
function valuesAt(input: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [input];
  for (let seen = 0; stack.length > 0 && seen < 10_000; seen++) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === key) out.push(x);
      stack.push(x);
    }
  }
  return out;
}

/** What Node's http refuses in a header value (its checkInvalidHeaderChar). */
const badValueChar = (v: string) => [...v].some((ch) => {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff;
});

/** Header pairs Node cannot send (names not tokens, values with control or non-latin1 characters). */
const badHeaders = (input: unknown, alsoFraming = false): boolean =>
  valuesAt(input, 'headers').some(
    (h) =>
      Array.isArray(h) &&
      h.some(
        (p) =>
          Array.isArray(p) &&
          (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(str(p[0])) ||
            badValueChar(str(p[1])) ||
            (alsoFraming && /^(content-length|transfer-encoding|connection|keep-alive|upgrade|trailer)$/i.test(str(p[0])))),
      ),
  );

export const KNOWN_FINDINGS: KnownFinding[] = [
  {
    id: 'F1',
    fixedBy: 'issue 11 item 1 / "Also" (validate)',
    what: 'an undecodable path parameter (`/api/requests/%ZZ`) is a 500 (URIError in matchRoute), not a 400',
    matches: (c) => c.transport === 'http' && c.rawParam !== undefined && BAD_PERCENT.test(c.rawParam),
  },
  {
    id: 'F2',
    fixedBy: 'issue 11 item 1 (validate: send-attempt.ts, URL validation) + item 3 (resilience: no crash loop)',
    what: 'a forward/replay URL that is not absolute http(s) (`localhost:9/x`, `javascript:`, `file:`) kills the process on the next send, and again on every restart',
    matches: (c) => c.transport !== 'receiver' && valuesAt(c.input, 'url').some((u) => !isHttpUrl(u)),
  },
  {
    id: 'F3',
    fixedBy: 'issue 11 item 1 (validate: send-attempt.ts) + item 2 (resilience)',
    what: 'a replay with a header name that is not a token (or a value with CR/LF) throws synchronously inside http.request: same crash as F2',
    matches: (c) => c.transport !== 'receiver' && (c.op === 'replayRequest' || c.op === 'importHar') && badHeaders(c.input),
  },
  {
    id: 'F4',
    fixedBy: 'issue 11 item 1 (validate: forward URL built with `URL`) + item 2/3 (resilience)',
    what: 'a request target that is not origin-form (`*`, `http://example.com/x`, `example.com:443`) forwarded to a path-less target builds an invalid URL by concatenation: uncaught TypeError, process dies and crash-loops',
    matches: (c) => c.transport === 'receiver' && c.target !== undefined && !c.target.startsWith('/'),
  },
  {
    id: 'F5',
    fixedBy: 'issue 11 item 1 (validate: list lengths have limits) + "Also" (SQL variable limit)',
    what: 'filter lists (`method`, `event`, `signature`, `delivery`, `ids`) of thousands of values are parsed and queried synchronously (health > 1 s) and past ~32k hit the SQL variable limit (500)',
    matches: (c) =>
      c.transport !== 'receiver' &&
      ['method', 'event', 'signature', 'delivery', 'ids'].some((k) =>
        valuesAt(c.input, k).some((v) => (Array.isArray(v) && v.length > 1000) || (typeof v === 'string' && v.split(',').length > 1000)),
      ),
  },
  {
    id: 'F8',
    fixedBy: 'issue 11 item 4 (bounded: signature candidate caps, HMAC once, lazy diagnosis)',
    what: 'a Stripe endpoint, a body of ~1 MB+ and a Stripe-Signature with 50+ `v1=` candidates block the process for seconds (health waited 10 s)',
    matches: (c) => {
      if (c.transport !== 'receiver') return false;
      const r = c.input as { headers?: [string, string][]; body?: Buffer } | undefined;
      const sig = r?.headers?.find(([k]) => k.toLowerCase() === 'stripe-signature')?.[1] ?? '';
      return (sig.match(/v1=/g)?.length ?? 0) > 20 && (r?.body?.length ?? 0) > 100_000;
    },
  },
  {
    id: 'F9',
    fixedBy: 'nobody yet (capture/search-index.ts is unowned): recorded for the lead',
    what: 'a text body of ~9 MB: the capture takes ~1.1 s and health waited up to 1.7 s under load (0.5 s idle), likely the background full-text indexing of one huge row',
    matches: (c) => {
      if (c.transport !== 'receiver') return false;
      const r = c.input as { headers?: [string, string][]; body?: Buffer } | undefined;
      const type = r?.headers?.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      return (r?.body?.length ?? 0) > 4 * 1024 * 1024 && /^text\//.test(type);
    },
  },
  {
    id: 'F6',
    fixedBy: 'issue 11 item 1 (validate: response-header validation)',
    what: 'endpoint response headers are saved unvalidated; a name that is not a token, a value with control/non-latin1 characters, or a framing header makes every capture to that endpoint a 500 "could not send the configured response" (or broken HTTP)',
    matches: (c) => c.transport !== 'receiver' && (c.op === 'createEndpoint' || c.op === 'updateEndpoint') && badHeaders(c.input, true),
  },
  {
    id: 'F7',
    fixedBy: 'issue 11 item 1 (validate: contract ResponseConfig.status)',
    what: 'an endpoint response status of 100-199 is accepted; captures then get an interim 1xx and no final answer (the sender hangs up)',
    matches: (c) =>
      c.transport !== 'receiver' &&
      (c.op === 'createEndpoint' || c.op === 'updateEndpoint') &&
      valuesAt(c.input, 'status').some((v) => num(v) >= 100 && num(v) < 200),
  },
];

export function knownFindingOf(c: FuzzCase): KnownFinding | null {
  if (INCLUDE_KNOWN) return null;
  return KNOWN_FINDINGS.find((k) => k.matches(c)) ?? null;
}

/** Counts the cases left out per finding and prints them, so an exclusion is never silent. */
export class Excluded {
  private readonly counts = new Map<string, number>();

  count(k: KnownFinding): void {
    this.counts.set(k.id, (this.counts.get(k.id) ?? 0) + 1);
  }

  report(suite: string): void {
    if (this.counts.size === 0) return;
    const lines = [...this.counts].map(([id, n]) => {
      const k = KNOWN_FINDINGS.find((f) => f.id === id)!;
      return `  ${id} (${k.fixedBy}): left out ${n} time(s) — ${k.what}`;
    });
    console.log(`[fuzz] ${suite}: known findings excluded (test/fuzz/known-findings.ts):\n${lines.join('\n')}`);
  }
}
