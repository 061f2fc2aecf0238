import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DELIVERY_STATES,
  FILTER_KINDS,
  NEGATABLE_KINDS,
  SIGNATURE_STATUSES,
  parseSearchInput,
  searchProblems,
  type FilterKind,
} from '../../src-main/contract/filter-query';

/** Every key the search box knows, with its kind: `sig` and `signature`, `dl` and `delivery`, … */
const KEYS = (Object.keys(FILTER_KINDS) as FilterKind[]).flatMap((kind) => FILTER_KINDS[kind].syntax.map((key) => [key, kind] as const));
const ENUMERATED: Partial<Record<FilterKind, readonly string[]>> = { signature: SIGNATURE_STATUSES, delivery: DELIVERY_STATES };

/** A value without spaces or quotes, so it stays one token as typed. */
const value = fc.string({ minLength: 1, maxLength: 20 }).filter((v) => !/[\s"]/.test(v));
const key = fc.constantFrom(...KEYS);

describe('search text: a known key with a value it does not take', () => {
  it('is reported, listing the values the key takes, whatever the key, its case or the value', () => {
    fc.assert(
      fc.property(key, value, fc.boolean(), ([k, kind], v, upper) => {
        fc.pre(FILTER_KINDS[kind].normalize(v) === null);
        const typed = `${upper ? k.toUpperCase() : k}:${v}`;
        const problems = searchProblems(`before ${typed} after`);
        expect(problems).toHaveLength(1);
        expect(problems[0]!.startsWith(`${typed}: expected ${FILTER_KINDS[kind].expected}`)).toBe(true);
        for (const allowed of ENUMERATED[kind] ?? []) expect(problems[0]).toContain(allowed);
        expect(problems[0]).toContain(`quote it: "${typed}"`);
      }),
      { numRuns: 500 },
    );
  });

  it('names every allowed value for sig: and delivery:', () => {
    expect(searchProblems('sig:weird')).toEqual([
      'sig:weird: expected one of valid, invalid, expired, missing, malformed, unverified; to search for the text, quote it: "sig:weird"',
    ]);
    expect(searchProblems('-dl:lost')).toEqual(['-dl:lost: expected one of none, pending, delivered, retrying, failed; to search for the text, quote it: "-dl:lost"']);
  });

  it('is reported when a key that cannot be negated is', () => {
    const single = KEYS.filter(([, kind]) => !NEGATABLE_KINDS.includes(kind));
    for (const [k] of single) {
      const v = k === 'from' || k === 'after' || k === 'to' || k === 'before' ? '1700000000000' : 'shop';
      expect(searchProblems(`-${k}:${v}`)[0]).toMatch(new RegExp(`^-${k}:${v}: ${k}: cannot be negated`));
      expect(searchProblems(`NOT ${k}:${v}`)).toHaveLength(1);
    }
  });

  it('finds nothing wrong with valid chips, unknown keys, plain words or quoted tokens', () => {
    const valid = fc.oneof(
      fc.constantFrom(...SIGNATURE_STATUSES).map((s) => `sig:${s}`),
      fc.constantFrom(...DELIVERY_STATES).map((s) => `-delivery:${s.toUpperCase()}`),
      fc.constantFrom('method:post', 'm:GET', 'event:invoice.*', 'type:"a b"', 'ep:stripe', 'from:1700000000000', 'before:1700000000000'),
      fc.stringMatching(/^[a-z]{1,8}$/).filter((w) => !KEYS.some(([k]) => k === w)).chain((w) => value.map((v) => `${w}:${v}`)),
      value.filter((v) => !v.includes(':') && v !== 'NOT'),
      fc.tuple(key, value).map(([[k], v]) => `"${k}:${v}"`),
    );
    fc.assert(
      fc.property(fc.array(valid, { maxLength: 6 }), (tokens) => {
        expect(searchProblems(tokens.join(' '))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('a text with a problem parses as before: the token stays text, so nothing typed is lost', () => {
    const f = parseSearchInput('sig:weird method:post');
    expect(f.q).toBe('sig:weird');
    expect(f.chips).toEqual([{ kind: 'method', value: 'POST' }]);
  });
});
