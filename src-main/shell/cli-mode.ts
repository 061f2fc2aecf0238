import { app } from 'electron';
import { runCli } from '../cli';
import { LONG_RUNNING_COMMANDS } from '../cli-commands';
import { installedNativeBinding } from './native-binding';

/**
 * The CLI inside the desktop app's binary. It is a terminal command, not a second app: no Dock
 * icon on macOS, no single-instance lock (the desktop app may be open on the same data), and the
 * Electron-ABI SQLite binding the app ships instead of the Node one.
 */
export async function runCliInApp(args: string[]): Promise<void> {
  app.dock?.hide();
  const binding = installedNativeBinding(app);
  await runCli(args, binding ? { nativeBinding: binding } : {});
  // Electron keeps running without windows; a one-shot command must end the process itself.
  if (!LONG_RUNNING_COMMANDS.includes(args[0]!)) app.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
}
