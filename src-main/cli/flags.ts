/**
 * The flag table every command is declared with. One definition gives the parser
 * (`node:util` parseArgs), the HOOKBAY_* environment fallback, the defaults, `--help` and
 * the reference docs/cli.md is checked against (test/cli/docs.test.ts), so none can drift.
 */
import { parseArgs } from 'node:util';

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
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), spec.name);
  }
  const values: FlagValues = { ...(parsed.values as FlagValues) };
  for (const f of spec.flags) {
    const name = envName(f);
    const raw = name ? env[name] : undefined;
    if (values[f.name] !== undefined || raw === undefined) continue;
    if (f.type === 'boolean') values[f.name] = envBoolean(name!, raw);
    else if (f.multiple) values[f.name] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (raw !== '') values[f.name] = raw;
  }
  return { values, positionals: parsed.positionals };
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

/** Parses an integer flag value, naming the flag when it is not one. */
export function intFlag(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n)) throw new UsageError(`--${name}: expected an integer, got "${String(value)}"`);
  return n;
}
