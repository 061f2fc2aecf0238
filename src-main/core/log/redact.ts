import type { LogFields } from './logger';

export const REDACTED = '[redacted]';

/** Field names whose values are never written, whatever they hold. */
const SECRET_NAME = /secret|token|passw|authori[sz]ation|cookie|api[-_]?key|signature|credential|private[-_]?key|session/i;

/**
 * Secrets that show up inside free text (error messages from libraries, URLs). Each pattern is
 * anchored on a literal and has no nested quantifier, so it runs in linear time on any input.
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // URL userinfo: https://user:pass@host
  [/\/\/[^\s/@"']+:[^\s/@"']*@/g, `//${REDACTED}@`],
  // Query parameters named like credentials: ?token=…, &api_key=…, &sig=…
  [/([?&;][\w.-]{0,40}?(?:token|secret|key|sig|signature|password|code)=)[^&#\s"']*/gi, `$1${REDACTED}`],
  // Well-known secret formats (Stripe/Svix signing secrets, Stripe API keys).
  [/\bwhsec_[\w+/=-]+/g, REDACTED],
  [/\b[sr]k_(?:live|test)_\w+/g, REDACTED],
];

/** Shorter values are not worth redacting everywhere they occur ("abc" would eat the log). */
const MIN_SECRET_LENGTH = 4;
const MAX_STRING = 4000;
const MAX_DEPTH = 5;
const MAX_ITEMS = 50;

/**
 * Makes log lines safe to keep: redacts known secret values (the API token, endpoint signing
 * secrets — given by `secretValues`, asked at each line so new endpoints are covered), fields
 * named like credentials, and credential-shaped text; bounds every string, array and nesting
 * depth; never writes bodies (byte arrays become their length).
 */
export class LogRedactor {
  constructor(private readonly secretValues: () => Iterable<string> = () => []) {}

  text(input: string): string {
    let s = input.length > MAX_STRING ? `${input.slice(0, MAX_STRING)}… (${input.length - MAX_STRING} more characters)` : input;
    const values = new Set<string>();
    for (const v of this.secretValues()) {
      if (typeof v !== 'string' || v.length < MIN_SECRET_LENGTH) continue;
      values.add(v);
      values.add(encodeURIComponent(v));
    }
    // Longest first, so a secret that contains another is removed whole.
    for (const v of [...values].sort((a, b) => b.length - a.length)) s = s.split(v).join(REDACTED);
    for (const [pattern, replacement] of SECRET_PATTERNS) s = s.replace(pattern, replacement);
    return s;
  }

  fields(input: LogFields): LogFields {
    return this.object(input, 0);
  }

  private object(input: object, depth: number): LogFields {
    const out: LogFields = {};
    for (const [key, value] of Object.entries(input)) {
      out[key] = SECRET_NAME.test(key) && value !== undefined && value !== null ? REDACTED : this.value(value, depth + 1);
    }
    return out;
  }

  private value(v: unknown, depth: number): unknown {
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'string') return this.text(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') return undefined; // functions, symbols
    if (depth > MAX_DEPTH) return '[…]';
    if (v instanceof Error) return this.error(v, depth);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
    if (Array.isArray(v)) return this.array(v, depth);
    if (v instanceof Date) return v.toISOString();
    return this.object(v, depth);
  }

  private array(v: unknown[], depth: number): unknown[] {
    // A header pair ['Authorization', 'Bearer …'] is named by its first element.
    if (v.length === 2 && typeof v[0] === 'string' && SECRET_NAME.test(v[0])) return [v[0], REDACTED];
    const items = v.slice(0, MAX_ITEMS).map((item) => this.value(item, depth + 1));
    if (v.length > MAX_ITEMS) items.push(`… ${v.length - MAX_ITEMS} more`);
    return items;
  }

  private error(e: Error, depth: number): LogFields {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      name: e.name,
      message: this.text(e.message),
      ...(typeof code === 'string' ? { code } : {}),
      ...(e.stack ? { stack: this.text(e.stack) } : {}),
      ...(e.cause !== undefined ? { cause: this.value(e.cause, depth + 1) } : {}),
    };
  }
}
