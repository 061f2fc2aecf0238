export type TimestampUnit = 's' | 'ms' | 'rfc3339' | 'auto';

/** A timestamp as the provider sent it, and what it means. */
export interface ProviderTimestamp {
  raw: string;
  ms: number;
  unit: Exclude<TimestampUnit, 'auto'>;
}

// Above this a numeric timestamp is milliseconds (10^11 s is the year 5138).
const MS_THRESHOLD = 1e11;

/** Null when the text is not a timestamp in `unit`. */
export function parseTimestamp(raw: string, unit: TimestampUnit): ProviderTimestamp | null {
  const text = raw.trim();
  if (unit === 'rfc3339') {
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? { raw, ms, unit } : null;
  }
  if (!/^\d{1,16}(?:\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  const actual = unit === 'auto' ? (n > MS_THRESHOLD ? 'ms' : 's') : unit;
  return { raw, ms: actual === 'ms' ? n : n * 1000, unit: actual };
}

export function formatTimestamp(now: number, unit: TimestampUnit): string {
  if (unit === 'rfc3339') return new Date(now).toISOString();
  if (unit === 'ms') return String(now);
  return String(Math.floor(now / 1000));
}

/** Positive when the timestamp is in the past. */
export function skewSeconds(ts: ProviderTimestamp, now: number): number {
  return Math.round((now - ts.ms) / 1000);
}

/**
 * The same number read in the other unit, when that would have been within tolerance —
 * a timestamp in ms where seconds are expected looks 50 000 years in the future.
 */
export function otherUnitFits(ts: ProviderTimestamp, now: number, toleranceSec: number): 's' | 'ms' | null {
  if (ts.unit === 'rfc3339') return null;
  const n = Number(ts.raw.trim());
  const asOther = ts.unit === 's' ? n : n * 1000;
  return Math.abs(now - asOther) <= toleranceSec * 1000 ? (ts.unit === 's' ? 'ms' : 's') : null;
}
