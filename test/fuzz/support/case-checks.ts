/**
 * What the API and IPC suites do around every operation case, whatever the transport:
 * before it, leave out the cases of known findings and the calls that would delete or
 * redirect the sentinel captures; after it, send a sentinel webhook and one to an endpoint
 * the case may have reconfigured, and keep the world (ids that exist) fresh.
 */
import type { OperationName } from '../../../src-main/contract';
import { knownFindingOf, type Excluded } from '../known-findings';
import { probeCapture, type Sentinels } from './invariants';
import { responseConfigOf, touchesSentinel, type Call, type Setup } from './world';

export interface CaseChecksOptions {
  transport: 'http' | 'ipc';
  setup: Setup;
  sentinels: Sentinels;
  excluded: Excluded;
  /** A contract call over the transport under test (to reset an endpoint that failed a probe). */
  call: Call;
  /** The receiver's URL now (a restarted server may listen elsewhere). */
  receiverUrl: () => string;
}

export class CaseChecks {
  private cases = 0;

  constructor(private readonly o: CaseChecksOptions) {}

  /** Whether to skip this case: a known finding's (counted), or one that could touch the sentinel captures. */
  leaveOut(c: { op: OperationName; input: unknown; rawParam?: string; rawBody?: string }): boolean {
    const known = knownFindingOf({ transport: this.o.transport, ...c });
    if (known) {
      this.o.excluded.count(known);
      return true;
    }
    return touchesSentinel(c.op, c.input, this.o.setup.sentinelId, new Set(this.o.sentinels.acks.map((a) => a.id)));
  }

  /**
   * After a case: a sentinel webhook (checked at the end), and one to the next endpoint in
   * turn, which this or an earlier case may have reconfigured. Returns what went wrong.
   */
  async afterCase(): Promise<string[]> {
    const { setup, sentinels, call } = this.o;
    const problems: string[] = [];
    await sentinels.send();
    const slugs = setup.world.endpointSlugs;
    const slug = slugs[this.cases % Math.max(1, slugs.length)];
    const probe = slug !== undefined ? await probeCapture(this.o.receiverUrl(), slug) : null;
    if (probe && slug !== undefined) {
      problems.push(`${probe}; endpoint: ${await responseConfigOf(call, slug)} (configured by this or an earlier call)`);
      // Reported once: later cases (and shrinking) must not all fail on the same endpoint.
      const deleted = await call('deleteEndpoint', { id: slug });
      if (!deleted.ok) await call('updateEndpoint', { id: slug, response: {}, responseMode: {} }); // the built-in one stays
      await setup.refresh();
    }
    if (++this.cases % 25 === 0) await setup.refresh();
    return problems;
  }
}
