/**
 * What the desktop app tells its user when it cannot start, before it quits. No Electron
 * here: index.ts shows it in an error box; tests check it under Node.
 */

/** The core's code for a data directory another Hookbay runs (see `DataDirOwned`). */
const DATA_DIR_OWNED = 'data_dir_owned';

export interface StartFailureNotice {
  title: string;
  message: string;
}

export function startFailureNotice(err: unknown, logLocation: string): StartFailureNotice {
  const message = err instanceof Error ? err.message : String(err);
  // Not a fault of this app: another Hookbay (usually `hookbay serve`) has the data. Its
  // message names it and says what to do; the log has nothing more to add.
  if ((err as { code?: unknown } | null)?.code === DATA_DIR_OWNED) {
    return { title: 'Hookbay is already running on this data', message: capitalised(message) + '.' };
  }
  return { title: 'Hookbay could not start', message: `${message}\n\nThe log is at ${logLocation}.` };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
