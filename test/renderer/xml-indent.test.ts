import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyXml } from '../../src-renderer/src/format/body';
import { INDENT_LIMITS, type IndentLimits } from '../../src-renderer/src/format/indented-text';
import { indentXml, xmlTokens } from '../../src-renderer/src/format/xml-indent';
import { expectCover, hostileText } from './hostile-text';

const SMALL: IndentLimits = { maxDepth: 40, growth: 8, slack: 256 };
/** Limits that random text often reaches. */
const TIGHT: IndentLimits = { maxDepth: 30, growth: 1, slack: 0 };
const FALLBACK = /^(Nested [\d,]+ levels deep|Indented, it would be over 1 times its size): shown as raw text\.$/;
const withoutSpace = (s: string) => s.replace(/\s+/g, '');

/** Elements nested `depth` deep with text, comments and empty elements between them. */
const deepXml = (maxDepth: number) =>
  fc.array(fc.constantFrom('<a>', '<b x="1">', '<!-- c -->', '<e/>', ' text ', '<![CDATA[<x>]]>'), { maxLength: maxDepth * 2 }).map((parts) => {
    const opens = parts.filter((p) => p === '<a>' || p === '<b x="1">');
    const closes = opens.map((p) => (p === '<a>' ? '</a>' : '</b>')).reverse();
    return { text: parts.join('') + closes.join(''), depth: opens.length };
  });

describe('xmlTokens', () => {
  it('covers any text with non-empty tokens in order, so it makes at most one step per character', () => {
    fc.assert(
      fc.property(hostileText(), (text) => expectCover(xmlTokens(text), text.length)),
    );
  });
});

describe('indentXml', () => {
  it('keeps every non-space character of any text, in order, within its budget', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), deepXml(20).map((x) => x.text)), (text) => {
        const indented = indentXml(text, TIGHT);
        if (!indented.ok) {
          expect(indented.reason).toMatch(FALLBACK);
          return;
        }
        expect(withoutSpace(indented.text)).toBe(withoutSpace(text));
        expect(indented.text.length).toBeLessThanOrEqual(TIGHT.growth * text.length + TIGHT.slack);
      }),
    );
  });

  it('indents nesting within the limit and names the depth past it', () => {
    fc.assert(
      fc.property(deepXml(SMALL.maxDepth * 2), ({ text, depth }) => {
        const indented = indentXml(text, { ...SMALL, slack: Infinity });
        if (depth > SMALL.maxDepth) {
          expect(indented).toEqual({ ok: false, reason: `Nested ${depth} levels deep: shown as raw text.` });
          return;
        }
        if (!indented.ok) throw new Error(indented.reason);
        expect(withoutSpace(indented.text)).toBe(withoutSpace(text));
        // Each line is indented by its depth: the deepest element sits `depth - 1` levels in.
        const deepest = Math.max(...indented.text.split('\n').map((l) => l.length - l.trimStart().length));
        expect(deepest).toBeLessThanOrEqual(2 * depth);
      }),
    );
  });

  it('says where markup is left open', () => {
    expect(indentXml('<a>\n  <b>x</b><!-- never closed <c>')).toEqual({
      ok: true,
      text: '<a>\n  <b>x</b>\n  <!-- never closed <c>',
      note: 'An unterminated comment starts at line 2, column 11: the rest is shown as it is.',
    });
    expect(indentXml('<a><![CDATA[x')).toMatchObject({ ok: true, note: expect.stringContaining('unterminated CDATA section') });
    expect(indentXml('<a><b attr="x"')).toMatchObject({ ok: true, note: expect.stringContaining('unterminated tag') });
  });

  it('handles the bodies that killed the inspector, with the default limits', () => {
    expect(indentXml('<a>'.repeat(200_000) + '</a>'.repeat(200_000))).toEqual({ ok: false, reason: 'Nested 200,000 levels deep: shown as raw text.' });
    const comments = '<!--'.repeat(100_000);
    expect(indentXml(comments)).toEqual({ ok: true, text: comments, note: 'An unterminated comment starts at line 1, column 1: the rest is shown as it is.' });
    for (const text of ['<'.repeat(400_000), '<![CDATA['.repeat(50_000), '<a'.repeat(200_000), '</a>'.repeat(100_000), '<a/>'.repeat(100_000)]) {
      const indented = indentXml(text);
      expect(indented.ok).toBe(true);
      if (indented.ok) expect(indented.text.length).toBeLessThanOrEqual(INDENT_LIMITS.growth * text.length + INDENT_LIMITS.slack);
    }
  });

  it('prettyXml falls back to the text itself past a limit', () => {
    const deep = '<a>'.repeat(2000);
    expect(prettyXml(deep)).toBe(deep);
  });
});
