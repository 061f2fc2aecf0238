import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleRange } from '../../src-renderer/src/components/virtual-range';
import { takeApiToken } from '../../src-renderer/src/bridge/api-token';

describe('visibleRange', () => {
  it('renders only the rows in view plus overscan, even for 100,000 rows', () => {
    expect(visibleRange(0, 300, 30, 100_000, 5)).toEqual({ start: 0, end: 16 });
    const r = visibleRange(30 * 50_000, 300, 30, 100_000, 5);
    expect(r).toEqual({ start: 49_995, end: 50_016 });
    expect(visibleRange(30 * 99_999, 300, 30, 100_000, 5).end).toBe(100_000);
    expect(visibleRange(0, 300, 30, 0)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(5, 0, 300, 30)).toBeNull();
    expect(scrollToReveal(20, 0, 300, 30)).toBe(330);
    expect(scrollToReveal(2, 300, 300, 30)).toBe(60);
  });
});

describe('takeApiToken', () => {
  it('moves ?token= from the address bar to session storage', () => {
    const store = new Map<string, string>();
    let replaced = '';
    const env = {
      location: { href: 'http://127.0.0.1:8788/?token=abc&x=1#h' },
      history: { replaceState: (_d: unknown, _u: string, url?: string | URL | null) => void (replaced = String(url)) },
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    };
    expect(takeApiToken(env)).toBe('abc');
    expect(replaced).toBe('/?x=1#h');
    env.location.href = 'http://127.0.0.1:8788/';
    expect(takeApiToken(env)).toBe('abc');
  });
});
