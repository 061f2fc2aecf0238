/**
 * The flag table every command is declared with. One definition gives the parser
 * (`node:util` parseArgs), the HOOKBAY_* environment fallback, the defaults, `--help` and
 * the reference docs/cli.md is checked against (test/cli/docs.test.ts), so none can drift.
 */
import { parseArgs } from 'node:util';
import { LIMITS, parseHttpUrl } from '../contract/fields';

export interface FlagSpec {
  name: string;
  short?: string;
  /** `boolean` flags take no value; their env variable accepts 1/true/yes and 0/false/no. */
  type: 'string' | 'boolean';
  /** Repeatable; the env variable then holds a comma-separated list. */
  multiple?: boolean;
  /** Placeholder in `--help` (`URL`, `N`). */
  value?: string;
  /** Shown as the default in `--help` (already a string: some defaults depend on the OS). */
  default?: string;
  help: string;
  /** No environment variable (`--help`). */
  noEnv?: boolean;
  /**
   * `target`: where to send requests (`listen --forward-to`, `trigger --to`, `replay --to`).
   * `parseCommand` turns the value into an absolute http(s) URL (`parseTarget`) or refuses it
   * as a usage error naming the flag, so every command reads a target the same way.
   */
  kind?: 'target';
}

export interface CommandSpec {
  name: string;
  /** `hookbay <usage>`. */
  usage: string;
  summary: string;
  /** Paragraphs after the flags in `--help`. */
  details?: string;
  flags: FlagSpec[];
  /** Keeps running (a server) after `run` resolves. */
  longRunning?: boolean;
  /**
   * The positionals are the inspector's search text (`requests`, `export`): a word starting
   * with a single `-` that is not a declared short flag (`-sig:valid`, `-stripe`) is filter
   * text, not an unknown option (see `filterWords`).
   */
  filterPositionals?: boolean;
}

/** A mistake in how the command was called: exit code 2, with the help hint. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', type: 'boolean', help: 'show this help', noEnv: true };

export function envName(flag: FlagSpec): string | null {
  return flag.noEnv ? null : `HOOKBAY_${flag.name.toUpperCase().replace(/-/g, '_')}`;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

function envBoolean(name: string, raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off|)$/i.test(raw)) return false;
  throw new UsageError(`${name}: expected true or false, got "${raw}"`);
}

/**
 * Parses `argv` against the command's flags; a flag absent from the command line falls back
 * to its environment variable. Unknown flags and missing values are usage errors.
 */
export function parseCommand(spec: CommandSpec, argv: string[], env: NodeJS.ProcessEnv): { values: FlagValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const f of spec.flags) options[f.name] = { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) };
  const words = spec.filterPositionals ? filterWords(spec, argv) : new Set<number>();
  const flagArgs = argv.filter((_, i) => !words.has(i));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: flagArgs, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), spec.name);
  }
  // The positionals in the order typed, the filter words put back where they were.
  const flagIndex = argv.map((_, i) => i).filter((i) => !words.has(i));
  const at = [...(parsed.tokens ?? []).filter((t) => t.kind === 'positional').map((t) => flagIndex[t.index]!), ...words].sort((a, b) => a - b);
  const positionals = at.map((i) => argv[i]!);
  const values: FlagValues = { ...(parsed.values as FlagValues) };
  for (const f of spec.flags) {
    const name = envName(f);
    const raw = name ? env[name] : undefined;
    if (values[f.name] !== undefined || raw === undefined) continue;
    if (f.type === 'boolean') values[f.name] = envBoolean(name!, raw);
    else if (f.multiple) values[f.name] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (raw !== '') values[f.name] = raw;
  }
  for (const f of spec.flags) {
    const value = values[f.name];
    if (f.kind !== 'target' || typeof value !== 'string') continue;
    const fromEnv = parsed.values[f.name] === undefined;
    const target = parseTarget(value);
    if ('problem' in target) throw new UsageError(`--${f.name}${fromEnv ? ` (from ${envName(f)})` : ''}: ${target.problem}`, spec.name);
    values[f.name] = target.url;
  }
  return { values, positionals };
}

/**
 * Which words of `argv` are search text although they start with `-`: the inspector's negation
 * (`-sig:valid`, `-stripe`, `-"card declined"`). The rule: a word starting with a single `-`,
 * longer than `-`, is a flag only when it is a declared short flag (`-h`); any other is filter
 * text — except a declared long flag typed with one dash (`-limit`), a usage error that names
 * the flag. Words starting with `--` are always flags, the value after a flag that takes one is
 * that value, and everything after `--` is positional already.
 */
function filterWords(spec: CommandSpec, argv: string[]): Set<number> {
  const out = new Set<number>();
  const takesValue = new Set<string>();
  const shorts = new Set<string>();
  const longs = new Set(spec.flags.map((f) => f.name));
  for (const f of spec.flags) {
    if (f.type === 'string') takesValue.add(`--${f.name}`);
    if (f.short) {
      shorts.add(`-${f.short}`);
      if (f.type === 'string') takesValue.add(`-${f.short}`);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (takesValue.has(word)) i++;
    else if (word.length > 1 && word.startsWith('-') && !word.startsWith('--') && !shorts.has(word)) {
      // A long flag typed with one dash (`-limit 5`) would otherwise search silently.
      const name = word.slice(1).split('=')[0]!;
      if (longs.has(name)) {
        throw new UsageError(`${shown(word)}: did you mean --${name}? (to leave out requests with the word "${name}", write NOT ${name})`, spec.name);
      }
      out.add(i);
    }
  }
  return out;
}

/** A refused value as shown in its message: quoted, escaped and cut short (it may be anything). */
function shown(raw: string): string {
  return JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw);
}

const TARGET_FORMS = 'a port (3000), host:port (localhost:3000/hooks) or an http(s) URL';

/**
 * A forward or replay target as typed: a port (`3000` → `http://localhost:3000/`), `host:port`
 * with an optional path (`localhost:3000/hooks` → `http://localhost:3000/hooks`), or an
 * absolute http(s) URL. Anything else — a bare word (`nope` is not `http://nope/`), another
 * scheme, no host, a port outside 1-65535, more than the contract's URL length — is a problem,
 * so a typo is reported rather than forwarded somewhere unexpected. The URL returned is what
 * `URL` made of it, which the contract's `HttpUrl` accepts.
 */
export function parseTarget(raw: string): { url: string } | { problem: string } {
  const value = raw.trim();
  const expected = { problem: `expected ${TARGET_FORMS}, got ${shown(raw)}` };
  // `URL` silently drops tabs and newlines inside a value: refuse them instead of guessing.
  if (value === '' || [...value].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f || /\s/.test(c))) return expected;
  let candidate: string;
  if (/^\d+$/.test(value)) {
    const port = Number(value);
    if (port < 1 || port > 65535) return { problem: `port must be 1-65535, got ${value}` };
    candidate = `http://localhost:${port}`;
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    candidate = value;
  } else {
    // host:port, then optionally a path, query or fragment; `http:3000` lacks its `//`.
    const m = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?):(\d+)(?:[/?#]|$)/i.exec(value);
    if (!m || /^https?$/i.test(m[1]!)) return expected;
    candidate = `http://${value}`;
  }
  const url = parseHttpUrl(candidate);
  if (!url) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(candidate)?.[1]?.toLowerCase();
    return scheme && scheme !== 'http' && scheme !== 'https' ? { problem: `only http and https URLs can be targets, got "${scheme}:"` } : expected;
  }
  if (url.port === '0') return { problem: `port must be 1-65535, got 0` };
  if (url.href.length > LIMITS.urlChars) return { problem: `must be at most ${LIMITS.urlChars} characters` };
  return { url: url.href };
}

/** `--forward-to URL` as shown in help and docs. */
export function flagSignature(f: FlagSpec): string {
  const long = `--${f.name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
  return f.short ? `-${f.short}, ${long}` : long;
}

export function helpText(spec: CommandSpec, version: string): string {
  const rows = spec.flags.map((f) => {
    const extras = [f.default !== undefined ? `default ${f.default}` : '', f.multiple ? 'repeatable' : ''].filter(Boolean).join('; ');
    const env = envName(f);
    return { left: flagSignature(f), right: `${f.help}${extras ? ` (${extras})` : ''}${env ? ` [${env}]` : ''}` };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const lines = [
    `Hookbay ${version} — ${spec.summary}`,
    '',
    `Usage: hookbay ${spec.usage}`,
    '',
    'Options (environment variable in brackets):',
    ...rows.map((r) => `  ${r.left.padEnd(width)}${r.right}`),
  ];
  if (spec.details) lines.push('', spec.details.trim());
  lines.push('', 'Exit codes: 0 ok, 1 runtime failure, 2 usage error.');
  return lines.join('\n') + '\n';
}

/**
 * Parses a whole-number flag value (digits only: not `1e3`, `0x10`, `-1` or `1.5`, which
 * `Number` would take), within `min`-`max` when given; anything else is a usage error naming
 * the flag and the range. Every integer flag of every command — `tunnel-server`'s too — goes
 * through here, so they all accept the same values and say the same thing.
 */
export function intFlag(name: string, value: unknown, range: { min?: number; max?: number; command?: string } = {}): number | undefined {
  if (value === undefined || value === '') return undefined;
  const { min, max, command } = range;
  const text = typeof value === 'string' ? value.trim() : '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || (min !== undefined && n < min) || (max !== undefined && n > max)) {
    const within = max !== undefined ? ` from ${min ?? 0} to ${max}` : min !== undefined ? ` of at least ${min}` : '';
    throw new UsageError(`--${name}: expected a whole number${within}, got ${shown(String(value))}`, command);
  }
  return n;
}
