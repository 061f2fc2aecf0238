import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envName, helpText, intFlag, parseCommand, UsageError } from '../../src-main/cli/flags';
import { tunnelServerConfig } from '../../src-main/tunnel-server/cli';
import { COMMANDS } from '../../src-main/cli/main';

const every = COMMANDS.flatMap((c) => c.spec.flags.filter((f) => envName(f)).map((f) => [c.spec.name, f.name, c, f] as const));

describe('the flag table', () => {
  it.each(every)('%s --%s has an environment variable that sets it, and the flag wins over it', (_name, _flag, c, f) => {
    // A target is parsed into a URL (test/cli/targets.test.ts); any other string flag is kept as given.
    const [envValue, flagValue] = f.kind === 'target' ? ['3001', '3002'] : ['from-env', 'from-flag'];
    const seen = (v: string) => (f.kind === 'target' ? `http://localhost:${v}/` : v);
    const env = { [envName(f)!]: f.type === 'boolean' ? 'true' : envValue };
    const fromEnv = parseCommand(c.spec, [], env).values[f.name];
    expect(fromEnv).toEqual(f.type === 'boolean' ? true : f.multiple ? [seen(envValue)] : seen(envValue));
    const args = f.type === 'boolean' ? [`--${f.name}`] : [`--${f.name}`, flagValue];
    const fromFlag = parseCommand(c.spec, args, f.type === 'boolean' ? { [envName(f)!]: 'false' } : env).values[f.name];
    expect(fromFlag).toEqual(f.type === 'boolean' ? true : f.multiple ? [seen(flagValue)] : seen(flagValue));
  });

  it('reads a repeatable flag from a comma-separated variable, whatever the items', () => {
    const listen = COMMANDS.find((c) => c.spec.name === 'listen')!.spec;
    const item = fc.string({ minLength: 1 }).filter((s) => !s.includes(',') && s.trim() === s && s !== '');
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (secrets) => {
        expect(parseCommand(listen, [], { HOOKBAY_SECRET: secrets.join(',') }).values.secret).toEqual(secrets);
      }),
    );
  });

  it('refuses a switch variable that is not a yes or a no, naming it', () => {
    const serve = COMMANDS.find((c) => c.spec.name === 'serve')!.spec;
    expect(() => parseCommand(serve, [], { HOOKBAY_TUNNEL: 'maybe' })).toThrow(new UsageError('HOOKBAY_TUNNEL: expected true or false, got "maybe"'));
  });

  it.each(COMMANDS.map((c) => [c.spec.name, c] as const))('`hookbay %s --help` lists every flag with its variable and default', (_n, c) => {
    const help = helpText(c.spec, '1.2.3');
    for (const f of c.spec.flags) {
      expect(help).toContain(`--${f.name}`);
      if (envName(f)) expect(help).toContain(`[${envName(f)}]`);
      if (f.default) expect(help).toContain(`default ${f.default}`);
    }
    expect(help).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error.');
  });
});

describe('integer flags: one parser for every command', () => {
  const MESSAGE = /^--n: expected a whole number( from \d+ to \d+| of at least \d+)?, got ".*"$/s;
  const range = fc.record({ min: fc.option(fc.nat({ max: 1000 }), { nil: undefined }), max: fc.option(fc.integer({ min: 1000, max: 70_000 }), { nil: undefined }) });

  it('returns the number its digits say, within the range, or refuses the value naming the flag and the range', () => {
    const text = fc.oneof(fc.string(), fc.nat().map(String), fc.integer().map(String), fc.double().map(String), fc.constantFrom('1e3', '0x10', '0b1', ' 7 ', '+5', '-0', '1_000', '12abc', 'Infinity', '99999999999999999999'));
    fc.assert(
      fc.property(text, range, (value, { min, max }) => {
        let n: number | undefined;
        try {
          n = intFlag('n', value, { min, max });
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message).toMatch(MESSAGE);
          return;
        }
        if (value === '') {
          expect(n).toBeUndefined();
          return;
        }
        expect(value.trim()).toMatch(/^\d+$/);
        expect(n).toBe(Number(value.trim()));
        if (min !== undefined) expect(n).toBeGreaterThanOrEqual(min);
        if (max !== undefined) expect(n).toBeLessThanOrEqual(max);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['1e3', '0x10', '-1', '1.5', '+5', '12abc'])('refuses %j, which Number() would take or misread', (value) => {
    expect(() => intFlag('port', value)).toThrow(new UsageError(`--port: expected a whole number, got "${value}"`));
  });

  it.each([
    ['--port', '70000', 'port', { min: 0, max: 65535 }],
    ['--max-sockets', '0', 'max-sockets', { min: 1, max: 1000 }],
    ['--max-tunnels', '1e3', 'max-tunnels', { min: 1 }],
  ] as const)('tunnel-server %s %s says what every other command says, as a usage error of tunnel-server', (flag, value, name, bounds) => {
    let thrown: unknown;
    try {
      tunnelServerConfig(['--domain', 'x.dev', flag, value], {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).command).toBe('tunnel-server');
    expect((thrown as Error).message).toBe(captured(() => intFlag(name, value, bounds)));
  });

  it('requests --limit is bounded by the same parser', () => {
    expect(() => intFlag('limit', '0', { min: 1, max: 100_000 })).toThrow('--limit: expected a whole number from 1 to 100000, got "0"');
  });
});

function captured(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}
