import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HookbayConfig, describeIssues } from '../core/config';
import { Hookbay } from '../core/hookbay';
import { openLogFile, type LogFile } from '../core/log/log-file';
import { LOG_LEVELS } from '../core/log/logger';
import { createHandlers, streamedHandlers } from '../core/service';
import { ensureWritableDataDir } from '../core/store/database';
import { DataDirOwned, DataDirOwnership } from '../core/store/data-dir-owner';
import { chmodPrivate, writePrivateFile } from '../core/store/private-files';
import { VERSION } from '../core/version';
import { ApiServer } from './api-server';
import { removeLock, writeLock } from './lock-file';

export const ServeOptions = z.object({
  core: HookbayConfig,
  uiPort: z.number().int().min(0).max(65535).default(8788),
  uiHost: z.string().default('127.0.0.1'),
  token: z.string().min(16, 'token must be at least 16 characters').optional(),
  rendererDir: z.string().nullable().default(null),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** `--safe`: relay paused and saved tunnel not reopened (see Hookbay StartOptions.safe). */
  safe: z.boolean().default(false),
  /** How another Hookbay refused this data directory names this one. */
  command: z.string().default('hookbay serve'),
});
export type ServeOptions = z.input<typeof ServeOptions>;

/** Options that cannot work (a bad flag value): the CLI's usage error, exit code 2. */
export class InvalidConfiguration extends Error {
  constructor(detail: string) {
    super(`Invalid configuration: ${detail}`);
  }
}

export interface Headless {
  app: Hookbay;
  api: ApiServer;
  /** `<data>/logs/headless.log`. */
  log: LogFile;
  token: string;
  apiUrl: string;
  inspectorUrl: string;
  close(): Promise<void>;
}

/** The API token: given, or generated once and kept in the data directory (0600). */
function resolveToken(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = path.join(dataDir, 'api-token');
  // One written by an older version or copied in may be 0644: the token opens the whole API.
  chmodPrivate(file);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  } catch {
    /* first run */
  }
  const token = crypto.randomBytes(24).toString('base64url');
  writePrivateFile(file, token + '\n');
  return token;
}

/** Configuration fields as the CLI user knows them. */
const FLAG_OF: Record<string, string> = {
  'core.dataDir': '--data',
  'core.receiverPort': '--port',
  'core.receiverHost': '--host',
  'core.bodyLimitBytes': '--body-limit',
  'core.durability': '--durability',
  'core.retention.maxRows': '--max-rows',
  'core.retention.maxAgeDays': '--max-age-days',
  uiPort: '--ui-port',
  token: '--token',
  logLevel: '--log-level',
};

/** Starts the core and serves the contract + renderer over HTTP (headless mode). */
export async function startHeadless(input: ServeOptions): Promise<Headless> {
  const parsed = ServeOptions.safeParse(input);
  if (!parsed.success) throw new InvalidConfiguration(describeIssues(parsed.error, FLAG_OF));
  const options = parsed.data;
  let app: Hookbay | null = null;
  let token = options.token ?? null;
  // Checked before the log goes there, so a read-only --data gets the clear message, not EROFS.
  ensureWritableDataDir(options.core.dataDir);
  // Taken before the log opens too: a refused start must not write (nor rotate) the owner's log.
  let ownership: DataDirOwnership;
  try {
    ownership = DataDirOwnership.acquire(options.core.dataDir, options.command, { nativeBinding: options.core.nativeBinding });
  } catch (err) {
    if (err instanceof DataDirOwned) throw new DataDirOwned(err.dataDir, err.owner, 'stop it or pass --data DIR');
    throw err;
  }
  let log: LogFile;
  try {
    log = openLogFile({
      dataDir: options.core.dataDir,
      name: 'headless',
      level: options.logLevel,
      secretValues: function* () {
        if (token) yield token;
        if (app) yield* app.secretValues();
      },
    });
  } catch (err) {
    ownership.release();
    throw err;
  }
  log.info('starting', { version: VERSION, node: process.versions.node, dataDir: options.core.dataDir, logLevel: options.logLevel });
  try {
    app = await Hookbay.start(options.core, { mode: 'headless', logger: log, safe: options.safe, ownership });
  } catch (err) {
    log.error('could not start', { err });
    await log.close();
    throw err;
  }
  try {
    token = resolveToken(options.core.dataDir, options.token);
    const api = new ApiServer({
      handlers: createHandlers(app),
      streamed: streamedHandlers(app),
      events: app.events,
      token,
      rendererDir: options.rendererDir,
      logger: log,
    });
    const port = await api.listen(options.uiPort, options.uiHost);
    const apiUrl = `http://127.0.0.1:${port}`;
    const started = app;
    log.info('ready', { receiverUrl: started.receiverUrl, apiUrl, ui: api.hasUi });
    const dataDir = options.core.dataDir;
    try {
      writeLock(dataDir, { pid: process.pid, apiUrl, receiverUrl: started.receiverUrl, token, version: VERSION });
    } catch (err) {
      // Only the one-shot CLI commands need it (they open the directory themselves without it).
      log.warn('could not write the lock file', { err });
    }
    // So a Hookbay refused this directory can say where this one's API is.
    ownership.describe({ apiUrl });
    return {
      app: started,
      api,
      log,
      token,
      apiUrl,
      inspectorUrl: `${apiUrl}/?token=${encodeURIComponent(token)}`,
      close: async () => {
        removeLock(dataDir);
        await api.close();
        await started.close();
        log.info('stopped');
        await log.close();
      },
    };
  } catch (err) {
    log.error('could not start', { err });
    await app.close();
    await log.close();
    throw err;
  }
}
