import { init } from './001_init';
import { relay } from './002_relay';
import { counters } from './003_counters';

export interface Migration {
  /** Strictly increasing; stored in `PRAGMA user_version`. */
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
}

/** Numbered migrations, applied in order. Add a file `NNN_name.ts` and list it here. */
export const migrations: readonly Migration[] = [init, relay, counters];
