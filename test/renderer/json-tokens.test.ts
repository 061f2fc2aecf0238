import { describe, expect, it } from 'vitest';
import { jsonTokens } from '../../src-renderer/src/format/json-tokens';

describe('jsonTokens', () => {
  it('labels keys, strings, numbers and literals and keeps the text exact', () => {
    const text = JSON.stringify({ a: 'x "q" \\ y', n: -1.5e3, t: true, z: null, l: [1, 'b'] }, null, 2);
    const tokens = jsonTokens(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.filter((t) => t.kind === 'key').map((t) => t.text)).toEqual(['"a"', '"n"', '"t"', '"z"', '"l"']);
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual(['"x \\"q\\" \\\\ y"', '"b"']);
    expect(tokens.filter((t) => t.kind === 'number').map((t) => t.text)).toEqual(['-1500', '1']);
    expect(tokens.filter((t) => t.kind === 'literal').map((t) => t.text)).toEqual(['true', 'null']);
  });
});
