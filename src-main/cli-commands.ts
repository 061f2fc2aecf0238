/**
 * First arguments that mean "run the command line". The packaged desktop app is also the
 * `hookbay` command (deb/rpm link /usr/bin/hookbay to it; resources/bin has shims for macOS and
 * Windows), so its main process checks these before starting any window: anything else — no
 * arguments, Chromium switches, a file the OS passes — starts the desktop app.
 * Kept free of the commands' code (the desktop entry imports it); test/cli/commands.test.ts
 * checks these lists against src-main/cli/main.ts's COMMANDS.
 */
export const CLI_COMMANDS: readonly string[] = ['listen', 'serve', 'tunnel-server', 'trigger', 'requests', 'replay', 'export', 'help', '--help', '-h', '--version', '-v'];

/** Commands that keep running (a server) after the CLI's `main` resolves; the rest exit then. */
export const LONG_RUNNING_COMMANDS: readonly string[] = ['listen', 'serve', 'tunnel-server'];

export function isCliInvocation(args: readonly string[]): boolean {
  return args.length > 0 && CLI_COMMANDS.includes(args[0]!);
}
