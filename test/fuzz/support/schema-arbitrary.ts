/**
 * fast-check arbitraries derived from an operation's zod schema. zod-fast-check does not
 * support zod 4, so we walk the JSON Schema that `z.toJSONSchema` emits (io: 'input', so
 * coercions and defaults describe what a caller may send). The walker covers what the
 * contract uses — objects, arrays, tuples (prefixItems), unions, enums, consts, patterns,
 * formats and bounds — and treats anything else as "any JSON value", so a new schema
 * construct widens the fuzzing rather than breaking it.
 */
import fc from 'fast-check';
import { z } from 'zod';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
};

/**
 * Values a schema field may take besides random ones: ids that exist, URLs that point
 * somewhere interesting. Keyed by property name (the last path segment).
 */
export type Hints = Record<string, () => fc.Arbitrary<unknown>>;

/** Names of fields whose hint is the whole range (e.g. waits kept short on purpose). */
export type Exclusive = ReadonlySet<string>;

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Strings that have broken parsers before: encodings, separators, control bytes, huge. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '%ZZ',
  '%',
  '%00',
  '%2F..%2F',
  '../../etc/passwd',
  '\u0000',
  '\r\nX-Injected: 1',
  'a,b,,c',
  "'; DROP TABLE requests; --",
  '"',
  '*',
  '\ud800',
  '🦜',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'localhost:1/x',
  'http://',
  'http://[::1',
  'x'.repeat(70_000),
];

/** URL-shaped strings of every kind a user or an attacker types. */
export const URLISH: readonly string[] = [
  'http://127.0.0.1:9',
  'http://127.0.0.1:9/',
  'http://127.0.0.1:9/path?q=1#frag',
  'https://example.invalid/hook',
  'http://[::1]:9/x',
  'http://user:pass@127.0.0.1:9/x',
  'localhost:9/flaky',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'ftp://127.0.0.1/x',
  'data:text/plain,hi',
  'http://127.0.0.1:99999/',
  'http:/x',
  'http://%ZZ/',
  'mailto:a@b.c',
  'http://a b/',
];

/** Strings matching a pattern, or null where fast-check cannot build them (lookaheads, for one). */
function patternArb(pattern: string): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return null;
  }
}

const arrayMax = (s: JsonSchema, depth: number) => Math.min(s.maxItems ?? 6, depth > 3 ? 2 : 6);

function stringArb(s: JsonSchema, hint: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<unknown> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 200));
  let base: fc.Arbitrary<string>;
  const matching = s.pattern ? patternArb(s.pattern) : null;
  if (matching) {
    // Cut to the length bounds rather than filter: a filter whose pattern rarely fits them spins forever.
    base = matching.map((v) => v.slice(0, s.maxLength ?? v.length).padEnd(min, 'a'));
  } else if (s.format === 'uri' || s.format === 'url') {
    base = fc.oneof(fc.webUrl(), fc.constantFrom(...URLISH));
  } else if (s.format === 'email') {
    base = fc.emailAddress();
  } else {
    base = fc.oneof(
      { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: max }) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((v) => v.length >= min)) },
    );
  }
  return hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 2, arbitrary: base }) : base;
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : undefined);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : undefined);
  if (integer) {
    const lo = Math.max(min ?? -(2 ** 31), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max ?? 2 ** 31, Number.MAX_SAFE_INTEGER);
    // Edges matter more than the middle: bounds, zero, ±1.
    const edges = [lo, hi, 0, 1, -1].filter((v) => v >= lo && v <= hi);
    return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: lo, max: hi }) }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
  }
  return fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true });
}

/**
 * An arbitrary of values the schema accepts (as far as JSON Schema can say: zod refinements
 * are not in it, so some values are still rejected — that is fine, they are fuzz too).
 */
export function arbitraryOf(root: JsonSchema, hints: Hints = {}, exclusive: Exclusive = new Set()): fc.Arbitrary<unknown> {
  const resolve = (s: JsonSchema): JsonSchema => {
    if (!s.$ref) return s;
    const name = s.$ref.replace(/^#\/\$defs\//, '');
    return root.$defs?.[name] ?? {};
  };
  const walk = (raw: JsonSchema, depth: number, key: string | undefined): fc.Arbitrary<unknown> => {
    const s = resolve(raw);
    const hint = key !== undefined ? hints[key]?.() : undefined;
    if (hint && exclusive.has(key!)) return hint;
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((a) => walk(a, depth + 1, key)));
    if (s.allOf) return walk(Object.assign({}, ...s.allOf.map(resolve)) as JsonSchema, depth, key);
    const type = (Array.isArray(s.type) ? s.type[0] : s.type) ?? 'any';
    switch (type) {
      case 'string':
        return stringArb(s, hint);
      case 'integer':
      case 'number': {
        const n = numberArb(s, type === 'integer');
        return hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: n }) : n;
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => walk(p, depth + 1, undefined)));
        const item = s.items ? walk(s.items, depth + 1, key) : fc.jsonValue({ maxDepth: 2 });
        const arr = fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, arrayMax(s, depth)) });
        return hint ? fc.oneof({ weight: 2, arbitrary: hint }, { weight: 2, arbitrary: arr }) : arr;
      }
      case 'object': {
        if (hint) return hint;
        const props = s.properties ?? {};
        const required = new Set(s.required ?? []);
        const fields: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) fields[k] = walk(v, depth + 1, k);
        const known = fc.record(fields, { requiredKeys: [...required].filter((k) => k in props) });
        if (s.additionalProperties === false || Object.keys(props).length > 0) return known;
        // A free-form record (e.g. verify.options, a HAR document): any JSON object.
        return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: depth > 3 ? 1 : 3 }), { maxKeys: 6 });
      }
      default:
        return fc.jsonValue({ maxDepth: 3 });
    }
  };
  return walk(root, 0, undefined);
}
