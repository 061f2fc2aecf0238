import { describe, expect, it } from 'vitest';
import {
  VIEWS_BY_KIND,
  base64ToBytes,
  bytesToBase64,
  charsetOf,
  decodeText,
  detectBodyKind,
  hasUnsafeIntegers,
  hexLine,
  hexLineCount,
  parseForm,
  parseJson,
  prettyXml,
} from '../../src-renderer/src/format/body';

const bytes = (s: string) => new TextEncoder().encode(s);
const kindOf = (type: string | null, s: string) => detectBodyKind(type, bytes(s), decodeText(bytes(s)));

describe('body kinds', () => {
  it('chooses by content type, then by sniffing', () => {
    expect(kindOf('application/json; charset=utf-8', '{"a":1}')).toBe('json');
    expect(kindOf('application/vnd.api+json', '[1]')).toBe('json');
    expect(kindOf(null, '{"a":1}')).toBe('json');
    expect(kindOf('application/json', '{broken')).toBe('text');
    expect(kindOf('application/x-www-form-urlencoded', 'a=1&b=2')).toBe('form');
    expect(kindOf('text/xml', '<a/>')).toBe('xml');
    expect(kindOf(null, '<?xml version="1.0"?><a/>')).toBe('xml');
    expect(kindOf('text/plain', 'hello')).toBe('text');
    expect(kindOf(null, '')).toBe('empty');
    const bin = new Uint8Array([0, 1, 2, 255, 254, 0, 0, 3]);
    expect(detectBodyKind('application/octet-stream', bin, decodeText(bin))).toBe('binary');
  });

  it('offers hex for every non-empty kind', () => {
    for (const [kind, views] of Object.entries(VIEWS_BY_KIND)) {
      if (kind !== 'empty') expect(views).toContain('hex');
    }
  });

  it('decodes declared charsets and rejects invalid UTF-8', () => {
    expect(charsetOf('text/plain; charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(decodeText(new Uint8Array([0xe9]), 'iso-8859-1')).toBe('é');
    expect(decodeText(new Uint8Array([0xc3, 0x28]))).toBeNull();
  });
});

describe('hasUnsafeIntegers', () => {
  it('spots integers beyond 2^53 outside strings', () => {
    expect(hasUnsafeIntegers('{"id":1234567890123456789}')).toBe(true);
    expect(hasUnsafeIntegers('[ -98765432109876543210 ]')).toBe(true);
    expect(hasUnsafeIntegers('{"id":"1234567890123456789"}')).toBe(false);
    expect(hasUnsafeIntegers('{"id":9007199254740991,"t":1700000000000}')).toBe(false);
    expect(hasUnsafeIntegers('{"x":1.2345678901234567891}')).toBe(false);
  });
});

describe('base64', () => {
  it('round-trips every byte value', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect([...base64ToBytes(bytesToBase64(all))]).toEqual([...all]);
    const big = new Uint8Array(100_000).fill(7);
    expect(base64ToBytes(bytesToBase64(big)).length).toBe(100_000);
  });
});

describe('viewers', () => {
  it('reports where JSON is broken', () => {
    const r = parseJson('{\n  "a": 1,\n  "b": \n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(4);
  });

  it('keeps form fields in order with duplicates', () => {
    expect(parseForm('a=1&b=x+y&a=%3Cscript%3E')).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['a', '<script>'],
    ]);
  });

  it('indents XML and keeps short text elements on one line', () => {
    expect(prettyXml('<?xml version="1.0"?><a><b>hi</b><c/><!-- x --></a>')).toBe(
      '<?xml version="1.0"?>\n<a>\n  <b>hi</b>\n  <c/>\n  <!-- x -->\n</a>',
    );
    expect(prettyXml('<a><b>unclosed')).toBe('<a>\n  <b>\n    unclosed');
  });

  it('dumps hex 16 bytes a line', () => {
    const b = bytes('Hello, hex world!!');
    expect(hexLineCount(b)).toBe(2);
    expect(hexLine(b, 0)).toEqual({
      offset: '00000000',
      hex: '48 65 6c 6c 6f 2c 20 68  65 78 20 77 6f 72 6c 64',
      ascii: 'Hello, hex world',
    });
    expect(hexLine(b, 1).ascii).toBe('!!');
  });
});
