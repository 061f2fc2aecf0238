import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HookbayConfig, describeIssues } from '../core/config';
import { Hookbay } from '../core/hookbay';
import { createHandlers } from '../core/service';
import { ApiServer } from './api-server';

export const ServeOptions = z.object({
  core: HookbayConfig,
  uiPort: z.number().int().min(0).max(65535).default(8788),
  uiHost: z.string().default('127.0.0.1'),
  token: z.string().min(16, 'token must be at least 16 characters').optional(),
  rendererDir: z.string().nullable().default(null),
});
export type ServeOptions = z.input<typeof ServeOptions>;

export interface Headless {
  app: Hookbay;
  api: ApiServer;
  token: string;
  apiUrl: string;
  inspectorUrl: string;
  close(): Promise<void>;
}

/** The API token: given, or generated once and kept in the data directory (0600). */
function resolveToken(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = path.join(dataDir, 'api-token');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  } catch {
    /* first run */
  }
  const token = crypto.randomBytes(24).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
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
};

/** Starts the core and serves the contract + renderer over HTTP (headless mode). */
export async function startHeadless(input: ServeOptions): Promise<Headless> {
  const parsed = ServeOptions.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid configuration: ${describeIssues(parsed.error, FLAG_OF)}`);
  const options = parsed.data;
  const app = await Hookbay.start(options.core, { mode: 'headless' });
  try {
    const token = resolveToken(options.core.dataDir, options.token);
    const api = new ApiServer({
      handlers: createHandlers(app),
      events: app.events,
      token,
      rendererDir: options.rendererDir,
    });
    const port = await api.listen(options.uiPort, options.uiHost);
    const apiUrl = `http://127.0.0.1:${port}`;
    return {
      app,
      api,
      token,
      apiUrl,
      inspectorUrl: `${apiUrl}/?token=${encodeURIComponent(token)}`,
      close: async () => {
        await api.close();
        await app.close();
      },
    };
  } catch (err) {
    await app.close();
    throw err;
  }
}
