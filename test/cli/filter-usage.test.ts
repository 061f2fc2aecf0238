import { afterAll, describe, expect, it } from 'vitest';
import { searchProblems } from '../../src-main/contract/filter-query';
import { runCli } from '../support/cli-process';
import { tempDir } from '../support/temp';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('a filter with a known key used wrongly is a usage error, not a text search', () => {
  const cases: [string, string[]][] = [
    ['requests', ['requests']],
    ['export', ['export', '--har', '-']],
  ];
  const filters = ['sig:weird', 'delivery:lost', 'm:P0ST', 'from:yesterday', 'NOT ep:shop'];
  it.each(cases.flatMap(([name, argv]) => filters.map((f) => [name, f, argv] as const)))('%s %s exits 2 with the message the search box shows', async (name, filter, argv) => {
    const r = await runCli([...argv, 'invoice', ...filter.split(' '), '--data', tmp.dir]);
    expect(r.code, r.stderr).toBe(2);
    const [message] = searchProblems(filter);
    expect(r.stderr.split('\n')[0]).toBe(`hookbay: ${message}`);
    expect(r.stderr).toContain(`hookbay ${name} --help`);
    expect(r.stdout).toBe('');
  });

  it('lists every allowed value of sig:', async () => {
    const r = await runCli(['requests', 'sig:weird', '--data', tmp.dir]);
    expect(r.stderr).toContain('expected one of valid, invalid, expired, missing, malformed, unverified');
  });

  it('a quoted token is text, as the message says', async () => {
    // Past the filter: the empty data directory is what stops it (exit 1, not a usage error).
    const r = await runCli(['requests', '"sig:weird"', '--data', tmp.dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('no Hookbay data');
  });
});
