/**
 * The filter on the command line means what the same text means in the inspector's search box:
 * any search text, split into argv words the way the box splits it (`searchTokens`), gives the
 * same RequestFilter through the CLI's parser as through parseSearchInput/toRequestFilter — with
 * flags mixed in anywhere, and negations (`-sig:valid`, `-word`) read as filter text, not as
 * unknown options. The exceptions are the documented ones: words starting with `--` are flags,
 * `-h` is help (both need `--` before the filter), and a long flag typed with one dash (`-limit`)
 * is a usage error naming the flag rather than a silent search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../src-main/cli/export';
import { parseCommand, UsageError } from '../../src-main/cli/flags';
import { filterOf, requests } from '../../src-main/cli/requests';
import { parseSearchInput, searchProblems, searchTokens, toRequestFilter } from '../../src-main/contract/filter-query';

const KEYS = ['sig:', 'signature:', 'dl:', 'delivery:', 'm:', 'method:', 'event:', 'type:', 'ep:', 'endpoint:', 'from:', 'to:', 'foo:', ''];
const VALUES = ['valid', 'invalid', 'failed', 'delivered', 'post', 'GET', 'invoice.*', 'stripe', '1700000000000', 'x', '"a b"', 'weird', ''];
const word = fc.oneof(
  fc.tuple(fc.constantFrom('', '-', '-', 'NOT '), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([neg, k, v]) => `${neg}${k}${v}`),
  fc.stringMatching(/^-?[-a-z0-9:"*. ]{0,8}$/),
);
const text = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' '));

/** Flags a user may put anywhere among the filter words. */
const FLAGS: Record<string, string[][]> = {
  requests: [['--json'], ['--limit', '7'], ['--data', '/tmp/x'], ['--data=-odd-dir']],
  export: [['--har', 'out.har'], ['--data=-odd-dir']],
};

const sameAsSearchBox = (name: 'requests' | 'export', spec: typeof requests.spec) =>
  fc.property(text, fc.uniqueArray(fc.tuple(fc.constantFrom(...FLAGS[name]!), fc.nat()), { maxLength: 3, selector: ([flag]) => flag[0]!.split('=')[0] }), (typed, flags) => {
    const words = searchTokens(typed);
    // The documented exceptions: `--word` is a flag, `-h` is help, `-limit` a mistyped flag.
    const longs = new Set(spec.flags.map((f) => `-${f.name}`));
    fc.pre(words.every((w) => !w.startsWith('--') && w !== '-h' && !longs.has(w.split('=')[0]!)));
    // Each flag with its value as one unit, so a flag is never split from its value.
    const units = words.map((w) => [w]);
    for (const [flag, at] of flags) units.splice(at % (units.length + 1), 0, flag);
    const argv = units.flat();
    if (searchProblems(typed).length > 0) {
      // A text the search box refuses, the CLI refuses as a usage error.
      const { positionals } = parseCommand(spec, argv, {});
      expect(() => filterOf(positionals, name)).toThrow(UsageError);
      return;
    }
    const { values, positionals } = parseCommand(spec, argv, {});
    expect(positionals).toEqual(words);
    expect(filterOf(positionals, name)).toEqual(toRequestFilter(parseSearchInput(typed)));
    for (const [flag] of flags) {
      const [name0, value] = flag[0]!.includes('=') ? flag[0]!.split('=') : [flag[0]!, flag[1]];
      expect(values[name0!.slice(2)]).toEqual(value ?? true);
    }
  });

describe('the CLI reads a filter as the search box does', () => {
  it('requests: same RequestFilter for any accepted text, flags anywhere', () => {
    fc.assert(sameAsSearchBox('requests', requests.spec), { numRuns: 500 });
  });

  it('export: same RequestFilter for any accepted text, flags anywhere', () => {
    fc.assert(sameAsSearchBox('export', exportCommand.spec), { numRuns: 500 });
  });

  it('negations are filter text; declared flags and -- still work', () => {
    const r = parseCommand(requests.spec, ['-sig:valid', '--json', 'NOT', 'dl:failed', '-stripe', '-h'], {});
    expect(r.values).toMatchObject({ json: true, help: true });
    expect(filterOf(r.positionals, 'requests')).toEqual({ notSignature: ['valid'], notDelivery: ['failed'], q: '-stripe' });
    expect(parseCommand(requests.spec, ['--', '-h', '--json'], {}).positionals).toEqual(['-h', '--json']);
    expect(() => parseCommand(requests.spec, ['--nope'], {})).toThrow(UsageError);
    // A long flag typed with one dash is not searched for silently.
    expect(() => parseCommand(requests.spec, ['sig:valid', '-limit', '5'], {})).toThrow(/-limit.*did you mean --limit\?/);
    expect(() => parseCommand(exportCommand.spec, ['-har=out.har'], {})).toThrow(/did you mean --har\?/);
    // Commands whose positionals are not a filter keep refusing unknown single-dash words.
    expect(() => parseCommand({ name: 'x', usage: 'x', summary: '', flags: [] }, ['-sig:valid'], {})).toThrow(UsageError);
  });
});
