/**
 * The Electron main entry. `Hookbay serve …` (or `hookbay serve` through the deb/rpm link or the
 * shims in resources/bin) runs the command line in this process: the main process has all of
 * Node, so the RunAsNode fuse can stay off (docs/install.md says why that matters). Anything
 * else starts the desktop app; neither path loads the other's code.
 */
import { isCliInvocation } from '../cli-commands';

// `electron .` (a checkout) puts the app path first; a packaged app gets the user's arguments.
const args = process.argv.slice(process.defaultApp ? 2 : 1);
const start = isCliInvocation(args) ? import('./cli-mode').then((m) => m.runCliInApp(args)) : import('./index');
start.catch((err: unknown) => {
  console.error(`hookbay: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
