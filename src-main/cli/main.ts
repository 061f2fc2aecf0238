/**
 * Dispatch: `hookbay <command> [flags]`. Usage mistakes exit 2 with the command's help hint,
 * runtime failures exit 1 with one line on stderr (never a stack trace).
 */
import { VERSION } from '../core/version';
import { InvalidConfiguration } from '../headless/serve';
import type { Command } from './command';
import { ConfigError } from './config-file';
import { helpText, parseCommand, UsageError } from './flags';
import { listen } from './listen';
import { exportCommand } from './export';
import { replay } from './replay';
import { requests } from './requests';
import { serve } from './serve';
import { trigger } from './trigger';
import { tunnelServerCommand } from '../tunnel-server/cli';
import type { CliRuntime } from './server-flags';

export type { CliRuntime } from './server-flags';

/** Every command, in the order `hookbay --help` lists them. */
export const COMMANDS: readonly Command[] = [listen, serve, trigger, requests, replay, exportCommand, tunnelServerCommand];

export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((c) => c.spec.name === name);
}

export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  return [
    `Hookbay ${VERSION} — capture, verify, relay and replay webhooks.`,
    '',
    'Usage:',
    ...COMMANDS.map((c) => `  hookbay ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    `  hookbay ${''.padEnd(width)}start the desktop app (where Electron is installed)`,
    '',
    'Quick start:  hookbay listen --forward-to 3000',
    '',
    '`hookbay <command> --help` lists a command\'s flags, their HOOKBAY_* environment variables and defaults.',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 runtime failure, 2 usage error.',
    '',
  ].join('\n');
}

export async function main(argv: string[], runtime: CliRuntime = {}): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return void console.log(VERSION);
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const command = first === 'help' && rest[0] ? commandNamed(rest[0]) : undefined;
    return void process.stdout.write(command ? helpText(command.spec, VERSION) : topHelp());
  }
  const command = commandNamed(first);
  if (!command) throw new UsageError(`unknown command "${first}"`);
  const { values, positionals } = parseCommand(command.spec, rest, process.env);
  if (values.help) return void process.stdout.write(helpText(command.spec, VERSION));
  await command.run({ values, positionals, runtime, env: process.env });
}

/** Runs the CLI; a failure becomes one line on stderr and exit code 1 (2 for usage), never a stack trace. */
export function runCli(argv: string[], runtime?: CliRuntime): Promise<void> {
  return main(argv, runtime).catch((err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof ConfigError) {
      console.error(`hookbay: invalid config file:\n${e.message}`);
      process.exit(2);
    }
    if (err instanceof UsageError || err instanceof InvalidConfiguration) {
      console.error(`hookbay: ${e.message}`);
      // A usage error raised deep in a command (a flag value) still names the command it came from.
      const command = (err instanceof UsageError ? err.command : undefined) ?? argv[0];
      console.error(`Run \`hookbay ${command && commandNamed(command) ? `${command} ` : ''}--help\` for usage.`);
      process.exit(2);
    }
    if (e.code === 'EADDRINUSE') {
      console.error(`hookbay: port ${(e as { port?: number }).port ?? ''} is already in use; pick another with --port / --ui-port.`);
    } else console.error(`hookbay: ${e.message ?? String(err)}`);
    process.exit(1);
  });
}
