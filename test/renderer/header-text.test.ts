import { describe, expect, it } from 'vitest';
import { headersToText, textToHeaders, withoutFramingHeaders } from '../../src-renderer/src/format/header-text';
import { shellQuote } from '../../src-renderer/src/format/shell-quote';
import { diffLines } from '../../src-renderer/src/format/line-diff';

describe('header text', () => {
  it('round-trips ordered pairs with duplicates', () => {
    const pairs: [string, string][] = [['X-A', '1'], ['x-a', '2: with colon'], ['Content-Type', 'application/json']];
    expect(textToHeaders(headersToText(pairs))).toEqual({ headers: pairs, errors: [] });
  });

  it('reports lines that are not headers', () => {
    expect(textToHeaders('ok: 1\nnot a header\n: empty name\n\n').errors).toEqual(['Line 2 is not "Name: value".', 'Line 3 is not "Name: value".']);
  });

  it('drops framing headers after an edit', () => {
    expect(withoutFramingHeaders([['Content-Length', '3'], ['Transfer-Encoding', 'chunked'], ['X', 'y']])).toEqual([['X', 'y']]);
  });
});

describe('shellQuote', () => {
  it('quotes for the shell, control bytes included', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('a\nb\u0001')).toBe("$'a\\nb\\x01'");
  });
});

describe('diffLines', () => {
  it('marks added and removed lines', () => {
    expect(diffLines('HTTP 200\na\nb', 'HTTP 500\na\nb\nc')).toEqual([
      { kind: 'removed', text: 'HTTP 200' },
      { kind: 'added', text: 'HTTP 500' },
      { kind: 'same', text: 'a' },
      { kind: 'same', text: 'b' },
      { kind: 'added', text: 'c' },
    ]);
  });
});
