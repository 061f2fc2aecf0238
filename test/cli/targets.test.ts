import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpUrl } from '../../src-main/contract/fields';
import { parseCommand, parseTarget, UsageError } from '../../src-main/cli/flags';
import { COMMANDS } from '../../src-main/cli/main';
import { startCli } from '../support/cli-process';
import { tempDir } from '../support/temp';

/** Every flag that names where requests go, with its command: they must all read a target alike. */
const TARGET_FLAGS = COMMANDS.flatMap((c) => c.spec.flags.filter((f) => f.kind === 'target').map((f) => [c.spec.name, f.name, c.spec] as const));

/** What `parseCommand` makes of `--flag value`: the URL, or the usage error's message. */
function parsed(spec: (typeof TARGET_FLAGS)[number][2], flag: string, value: string): { url: string } | { error: UsageError } {
  try {
    return { url: parseCommand(spec, [`--${flag}=${value}`], {}).values[flag] as string };
  } catch (err) {
    if (err instanceof UsageError) return { error: err };
    throw err;
  }
}

const port = fc.integer({ min: 1, max: 65535 });
const host = fc.oneof(fc.constant('localhost'), fc.domain(), fc.ipV4(), fc.constant('[::1]'));
const path = fc.webPath();
const accepted = fc.oneof(
  port.map(String),
  fc.tuple(host, port, path).map(([h, p, rest]) => `${h}:${p}${rest}`),
  fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }),
);

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((w) => w !== 'NOT');
const rejected = fc.oneof(
  // A bare word is not a host: `nope` must not become http://nope/.
  word,
  fc.tuple(word, fc.constantFrom('.com', '.dev', '.local')).map(([w, tld]) => `${w}${tld}`),
  // Other schemes.
  fc.tuple(fc.constantFrom('ftp', 'file', 'ws', 'wss', 'gopher', 'data', 'javascript', 'mailto'), fc.domain()).map(([s, d]) => `${s}://${d}/x`),
  fc.tuple(fc.constantFrom('mailto', 'javascript', 'tel'), word).map(([s, w]) => `${s}:${w}`),
  // No host.
  fc.constantFrom('http://', 'https://', 'http:///', 'https://:3000', 'http://:80/x', 'http:3000', 'https:443/x', '', '   '),
  // A port outside 1-65535.
  fc.oneof(fc.constant(0), fc.integer({ min: 65536, max: 10_000_000 })).map(String),
  fc.tuple(host, fc.oneof(fc.constant(0), fc.integer({ min: 65536, max: 999_999 }))).map(([h, p]) => `${h}:${p}`),
  // Longer than the contract takes.
  fc.integer({ min: 2040, max: 5000 }).map((n) => `http://localhost:3000/${'a'.repeat(n)}`),
  // Whitespace or controls inside (URL would drop a tab or newline and send somewhere else).
  fc.tuple(fc.constantFrom('\t', '\n', ' ', '\r', '\0'), port).map(([c, p]) => `http://local${c}host:${p}/`),
);

describe('a forward/replay target (listen --forward-to, trigger --to, replay --to)', () => {
  it('is one flag kind on every command that sends somewhere', () => {
    expect(TARGET_FLAGS.map(([c, f]) => `${c} --${f}`).sort()).toEqual(['listen --forward-to', 'replay --to', 'trigger --to']);
  });

  it.each(TARGET_FLAGS)('%s --%s: every accepted value is an absolute http(s) URL with a host that the contract accepts', (_c, flag, spec) => {
    fc.assert(
      fc.property(accepted, (value) => {
        const r = parsed(spec, flag, value);
        expect(r, value).toHaveProperty('url');
        const url = (r as { url: string }).url;
        const u = new URL(url);
        expect(['http:', 'https:']).toContain(u.protocol);
        expect(u.hostname).not.toBe('');
        expect(HttpUrl.safeParse(url).success, url).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each(TARGET_FLAGS)('%s --%s: every rejected value is a usage error of that command naming the flag', (command, flag, spec) => {
    fc.assert(
      fc.property(rejected, (value) => {
        const r = parsed(spec, flag, value);
        expect(r, JSON.stringify(value)).toHaveProperty('error');
        const { error } = r as { error: UsageError };
        expect(error.message.startsWith(`--${flag}: `), error.message).toBe(true);
        expect(error.command).toBe(command);
      }),
      { numRuns: 300 },
    );
  });

  it('anything at all is either a URL the contract accepts or a usage error, never another failure', () => {
    const [, flag, spec] = TARGET_FLAGS[0]!;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), accepted, rejected), (value) => {
        const r = parsed(spec, flag, value);
        if ('url' in r) expect(HttpUrl.safeParse(r.url).success).toBe(true);
        else expect(r.error.message).toMatch(/^--forward-to: /);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the forms people type', () => {
    const url = (v: string) => (parseTarget(v) as { url: string }).url;
    expect(url('3000')).toBe('http://localhost:3000/');
    expect(url(' 3000 ')).toBe('http://localhost:3000/');
    expect(url('localhost:3000/hooks?x=1')).toBe('http://localhost:3000/hooks?x=1');
    expect(url('127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
    expect(url('[::1]:3000/a')).toBe('http://[::1]:3000/a');
    expect(url('https://example.com/webhooks')).toBe('https://example.com/webhooks');
    expect(url('HTTP://Example.COM:80/x')).toBe('http://example.com/x');
    expect(parseTarget('nope')).toEqual({ problem: 'expected a port (3000), host:port (localhost:3000/hooks) or an http(s) URL, got "nope"' });
    expect(parseTarget('ftp://x/y')).toEqual({ problem: 'only http and https URLs can be targets, got "ftp:"' });
    expect(parseTarget('70000')).toEqual({ problem: 'port must be 1-65535, got 70000' });
  });

  it('names the environment variable when the value came from there', () => {
    const listen = COMMANDS.find((c) => c.spec.name === 'listen')!.spec;
    expect(() => parseCommand(listen, [], { HOOKBAY_FORWARD_TO: 'nope' })).toThrow('--forward-to (from HOOKBAY_FORWARD_TO): expected a port');
    expect(parseCommand(listen, [], { HOOKBAY_FORWARD_TO: '3000' }).values['forward-to']).toBe('http://localhost:3000/');
  });
});

describe('the built CLI refuses a bad target before doing anything, exit 2, naming the flag', () => {
  const commands: [string, string[]][] = [
    ['listen', ['listen', '--port', '0', '--ui-port', '0', '--forward-to']],
    ['trigger', ['trigger', 'stripe', 'invoice.paid', '--to']],
    ['replay', ['replay', '1', '--to']],
  ];
  const values = ['nope', 'ftp://x/y', 'http://', 'localhost'];
  it.each(commands.flatMap(([name, argv]) => values.map((v) => [name, v, argv] as const)))('%s %j', async (name, value, argv) => {
    const flag = argv[argv.length - 1]!;
    const data = tempDir();
    const p = startCli([...argv, value, ...(name === 'trigger' ? [] : ['--data', data.dir])]);
    // Without the check, listen would start serving: stop it rather than wait for the test's timeout.
    const timer = setTimeout(() => void p.stop('SIGKILL'), 10_000);
    try {
      const code = await p.exited;
      expect(code, p.stderr()).toBe(2);
      expect(p.stderr().split('\n')[0]).toMatch(new RegExp(`^hookbay: ${flag}: `));
      expect(p.stderr()).toContain(`hookbay ${name} --help`);
    } finally {
      clearTimeout(timer);
      await p.stop('SIGKILL');
      data.remove();
    }
  });
});
