import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDENT_LIMITS, type IndentLimits } from '../../src-renderer/src/format/indented-text';
import { indentJson } from '../../src-renderer/src/format/json-indent';
import { lexJson, type JsonLexKind } from '../../src-renderer/src/format/json-lex';
import { jsonTokens } from '../../src-renderer/src/format/json-tokens';
import { deepJson, expectCover, hostileText } from './hostile-text';

/** Small limits, so that properties reach them with small inputs. */
const SMALL: IndentLimits = { maxDepth: 40, growth: 8, slack: 256 };
/** Limits that random text often reaches. */
const TIGHT: IndentLimits = { maxDepth: 30, growth: 2, slack: 0 };
const FALLBACK = /^(Nested [\d,]+ levels deep|Indented, it would be over 2 times its size): shown as raw text\.$/;
const budget = (input: string, limits: IndentLimits) => limits.growth * input.length + limits.slack;

function runs(text: string): { kind: JsonLexKind; start: number; end: number }[] {
  const out: { kind: JsonLexKind; start: number; end: number }[] = [];
  lexJson(text, (kind, start, end) => void out.push({ kind, start, end }));
  return out;
}

describe('lexJson', () => {
  it('covers any text with non-empty runs in order, so it makes at most one step per character', () => {
    fc.assert(
      fc.property(hostileText(), (text) => expectCover(runs(text), text.length)),
    );
  });

  it('lexes valid JSON into the tokens JSON.parse reads', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        const significant = runs(text).filter((r) => r.kind !== 'space');
        expect(significant.some((r) => r.kind === 'other')).toBe(false);
        expect(JSON.parse(significant.map((r) => text.slice(r.start, r.end)).join(''))).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe('jsonTokens', () => {
  it('gives back any text exactly', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        expect(jsonTokens(text).map((t) => t.text).join('')).toBe(text);
      }),
    );
  });
});

describe('indentJson', () => {
  it('lays out any JSON value exactly as JSON.stringify(value, null, 2) does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const indented = indentJson(JSON.stringify(value));
        expect(indented).toEqual({ ok: true, text: JSON.stringify(value, null, 2), note: null });
      }),
    );
  });

  it('round-trips JSON of any depth within the limit, and names the depth past it', () => {
    fc.assert(
      fc.property(deepJson(SMALL.maxDepth * 2), ({ text, depth }) => {
        const indented = indentJson(text, { ...SMALL, slack: Infinity });
        if (depth > SMALL.maxDepth) {
          expect(indented).toEqual({ ok: false, reason: `Nested ${depth} levels deep: shown as raw text.` });
        } else {
          if (!indented.ok) throw new Error(indented.reason);
          expect(JSON.parse(indented.text)).toEqual(JSON.parse(text));
        }
      }),
    );
  });

  it('keeps numbers, escapes and duplicate keys as sent', () => {
    const text = '{"id":12345678901234567890,"a":"\\u0041\\/","a":1.0e+2}';
    expect(indentJson(text)).toEqual({ ok: true, text: '{\n  "id": 12345678901234567890,\n  "a": "\\u0041\\/",\n  "a": 1.0e+2\n}', note: null });
  });

  it('never throws and never outgrows its budget, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), fc.array(fc.jsonValue(), { maxLength: 30 }).map((v) => JSON.stringify(v))), (text) => {
        const indented = indentJson(text, TIGHT);
        if (indented.ok) expect(indented.text.length).toBeLessThanOrEqual(budget(text, TIGHT));
        else expect(indented.reason).toMatch(FALLBACK);
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the size budget on wide and deep bodies', () => {
    // 40 levels, then 20,000 one-character items: every item would carry 80 spaces.
    const wide = '['.repeat(40) + Array(20_000).fill('1').join(',') + ']'.repeat(40);
    expect(indentJson(wide, SMALL)).toEqual({ ok: false, reason: 'Indented, it would be over 8 times its size: shown as raw text.' });
  });

  it('handles the bodies that killed the inspector, with the default limits', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(indentJson(deep)).toEqual({ ok: false, reason: 'Nested 100,000 levels deep: shown as raw text.' });
    for (const text of ['"'.repeat(400_000), '"\\'.repeat(200_000), '{"a":'.repeat(80_000), '-'.repeat(400_000), 'tru'.repeat(130_000)]) {
      const indented = indentJson(text);
      if (indented.ok) expect(indented.text.length).toBeLessThanOrEqual(budget(text, INDENT_LIMITS));
    }
  });
});
