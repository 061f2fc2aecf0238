import type { HeaderPairs } from '../../contract/common';

/** First value of a header, case-insensitively. */
export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Node's `rawHeaders` (flat name, value, name, value…) as ordered pairs. */
export function pairsFromRaw(raw: readonly string[]): HeaderPairs {
  const pairs: HeaderPairs = new Array(raw.length >> 1);
  for (let i = 0; i < raw.length; i += 2) pairs[i >> 1] = [raw[i]!, raw[i + 1]!];
  return pairs;
}
