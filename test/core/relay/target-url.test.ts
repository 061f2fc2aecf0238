import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originForm, targetUrl } from '../../../src-main/core/relay/target-url';

// Issue 11: `OPTIONS *` against a path-less target built `http://127.0.0.1:29799*` and the
// relay died on `new URL`. The request target may be in any RFC 9112 §3.2 form, or junk.

const TARGETS = [
  'http://127.0.0.1:29799',
  'http://127.0.0.1:29799/',
  'http://localhost:3000/hooks',
  'http://localhost:3000/hooks/',
  'https://example.test/a?k=1',
  'http://[::1]:8080',
  'http://user:pw@127.0.0.1:9/x',
];

const requestTarget = fc.oneof(
  fc.constantFrom('*', '', '/', 'http://example.com/x', 'http://example.com', 'example.com:443', '@evil.test/x', '\\\\evil.test/x', '//evil.test/x', ':80/x', '?x', '#f'),
  fc.string().map((s) => `/${s}`),
  fc.string(),
  fc.webUrl().map((u) => u.replace(/[?#].*$/, '')),
  fc.tuple(fc.constantFrom('@', ':', '\\', '.', '%', '[', '#'), fc.string()).map(([a, b]) => a + b),
);

describe('the URL a forward goes to', () => {
  it('keeps the target origin for every request-target form and never throws (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), fc.constantFrom('append', 'replace') as fc.Arbitrary<'append' | 'replace'>, requestTarget, fc.string({ maxLength: 20 }), (url, pathMode, sub, query) => {
        const built = targetUrl({ url, pathMode }, sub, query);
        expect(new URL(built).origin).toBe(new URL(url).origin);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an origin-form path byte for byte (property)', () => {
    const safeChars = fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~%2F!$&\'()*+,;=:@/'.split('')) });
    fc.assert(
      fc.property(safeChars, (rest) => {
        const sub = `/${rest}`;
        expect(targetUrl({ url: 'http://127.0.0.1:29799', pathMode: 'append' }, sub, '')).toBe(`http://127.0.0.1:29799${sub}`);
      }),
    );
  });

  it('sends asterisk-form to the target path and absolute-form to its own path', () => {
    expect(targetUrl({ url: 'http://127.0.0.1:29799', pathMode: 'append' }, '*', '')).toBe('http://127.0.0.1:29799/');
    expect(targetUrl({ url: 'http://127.0.0.1:29799/hooks', pathMode: 'append' }, '*', '')).toBe('http://127.0.0.1:29799/hooks');
    expect(targetUrl({ url: 'http://127.0.0.1:29799', pathMode: 'append' }, 'http://example.com/x', 'a=1')).toBe('http://127.0.0.1:29799/x?a=1');
    expect(targetUrl({ url: 'http://localhost', pathMode: 'append' }, '@evil.test/', '')).toBe('http://localhost/@evil.test/');
    expect(originForm('example.com:443')).toBe('/example.com:443');
  });

  it('returns a target that is not absolute http(s) as given, for the attempt to record', () => {
    for (const url of ['localhost:28901/flaky', 'file:///etc/passwd', 'javascript:alert(1)', 'nope']) {
      expect(() => targetUrl({ url, pathMode: 'append' }, '/a', '')).not.toThrow();
      expect(targetUrl({ url, pathMode: 'append' }, '/a', '')).toBe(url);
    }
  });
});
