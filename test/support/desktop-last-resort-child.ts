/**
 * The desktop main process's last resort on a real `process`, with Electron's dialogs and
 * shutdown played by stdout lines, the real desktop log file, then a bug: an exception thrown
 * from a timer, or a promise rejected with nobody listening. Bundled by last-resort.test.ts.
 * argv: <dataDir> <exception|rejection> <serving|down>
 */
import { openLogFile } from '../../src-main/core/log/log-file';
import { installDesktopLastResort } from '../../src-main/shell/last-resort';

const [dataDir, kind, core] = process.argv.slice(2);
const log = openLogFile({ dataDir: dataDir!, name: 'desktop', level: 'info' });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const exit = (code: number) => void log.close().then(() => process.exit(code));

installDesktopLastResort({
  log,
  coreServing: () => core === 'serving',
  ask: async (e) => (say({ step: 'asked', ...e }), 'keep'),
  tellFatal: (e) => say({ step: 'fatal', ...e }),
  restart: () => say({ step: 'restart' }),
  shutdown: (code) => (say({ step: 'shutdown', code }), exit(code)),
});
setTimeout(() => {
  if (kind === 'rejection') void Promise.reject(new Error('a bug nobody awaited'));
  else throw new Error('a bug in a timer');
}, 20);
// Still here well after the bug: the process carried on.
setTimeout(() => (say({ step: 'alive' }), exit(0)), 500);
