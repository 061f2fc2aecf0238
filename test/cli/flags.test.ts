import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envName, helpText, parseCommand, UsageError } from '../../src-main/cli/flags';
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
