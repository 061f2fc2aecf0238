/**
 * Findings of the fuzzer whose fix has not landed on main yet. The bounded run in
 * `npm test` leaves their cases out — counted and printed, never silently — so it stays
 * green while the owners fix them; `HOOKBAY_FUZZ_KNOWN=1` puts them back in. Each entry
 * names its issue item and the finding in /work/team/fuzz-findings.md. When a fix lands
 * on main, delete its entry: the fuzzer then proves the fix.
 */
import { INCLUDE_KNOWN } from './support/fuzz-config';

/** What a matcher sees: an operation call (either transport) or a raw receiver request. */
export interface FuzzCase {
  transport: 'http' | 'ipc' | 'receiver';
  op?: string;
  input?: unknown;
  rawParam?: string;
  rawBody?: string;
  /** Receiver cases: the request target and the raw bytes sent. */
  target?: string;
  raw?: Buffer;
}

export interface KnownFinding {
  /** F-number in /work/team/fuzz-findings.md. */
  id: string;
  /** Issue 11 item (and owning branch) that fixes it. */
  fixedBy: string;
  what: string;
  matches(c: FuzzCase): boolean;
}

export const KNOWN_FINDINGS: KnownFinding[] = [];

export function knownFindingOf(c: FuzzCase): KnownFinding | null {
  if (INCLUDE_KNOWN) return null;
  return KNOWN_FINDINGS.find((k) => k.matches(c)) ?? null;
}

/** Counts the cases left out per finding and prints them, so an exclusion is never silent. */
export class Excluded {
  private readonly counts = new Map<string, number>();

  count(k: KnownFinding): void {
    this.counts.set(k.id, (this.counts.get(k.id) ?? 0) + 1);
  }

  report(suite: string): void {
    if (this.counts.size === 0) return;
    const lines = [...this.counts].map(([id, n]) => {
      const k = KNOWN_FINDINGS.find((f) => f.id === id)!;
      return `  ${id} (${k.fixedBy}): left out ${n} time(s) — ${k.what}`;
    });
    console.log(`[fuzz] ${suite}: known findings excluded (test/fuzz/known-findings.ts):\n${lines.join('\n')}`);
  }
}
