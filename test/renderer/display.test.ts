import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDuration, formatTime, hasInvisible, splitInvisible, visibleText } from '../../src-renderer/src/format/display';

describe('display formats', () => {
  it('formats sizes, ages and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatAge(0, 5_000)).toBe('5 s ago');
    expect(formatAge(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(1234)).toBe('1.23 s');
    const at = new Date(2026, 10, 27, 9, 5, 7, 42).getTime();
    expect(formatTime(at, at + 1000)).toBe('09:05:07.042');
    expect(formatTime(at, at + 3 * 86_400_000)).toBe('Nov 27 09:05');
  });
});

describe('invisible characters', () => {
  it('escapes bidi overrides, zero-width and control characters', () => {
    expect(visibleText('/admin\u202Egnp.exe')).toBe('/admin\\u202Egnp.exe');
    expect(visibleText('a\u200Bb\u0000c')).toBe('a\\u200Bb\\u0000c');
    expect(hasInvisible('plain')).toBe(false);
    expect(hasInvisible('x\u2066y')).toBe(true);
  });

  it('keeps newlines and tabs and marks escapes', () => {
    expect(splitInvisible('a\n\tb')).toEqual([{ text: 'a\n\tb', escaped: false }]);
    expect(splitInvisible('\u202Ex')).toEqual([
      { text: '\\u202E', escaped: true },
      { text: 'x', escaped: false },
    ]);
  });
});
