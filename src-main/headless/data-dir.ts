import os from 'node:os';
import path from 'node:path';

/** Same place Electron's `app.getPath('userData')` uses for "Hookbay", so both modes share data. */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Hookbay');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Hookbay');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Hookbay');
}
