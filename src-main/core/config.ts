import { z } from 'zod';
import { fieldIssues } from '../contract/common';
import { DEFAULT_LIMITS } from './capture/limits';

/** The receiver's usual port (the desktop app and `hookbay serve` alike). */
export const DEFAULT_RECEIVER_PORT = 8787;
/** Retention keeps at most this many requests unless told otherwise. */
export const DEFAULT_MAX_ROWS = 1_000_000;

/** Everything the core needs to start; the CLI and the shell build it from flags/env/settings. */
export const HookbayConfig = z.object({
  dataDir: z.string().min(1, 'data directory is required'),
  receiverPort: z.number().int().min(0).max(65535).default(DEFAULT_RECEIVER_PORT),
  receiverHost: z.string().min(1).default('127.0.0.1'),
  bodyLimitBytes: z.number().int().min(1024).max(1024 * 1024 * 1024).default(DEFAULT_LIMITS.bodyLimit),
  headersTimeoutMs: z.number().int().min(100).default(DEFAULT_LIMITS.headersTimeoutMs),
  requestTimeoutMs: z.number().int().min(100).default(DEFAULT_LIMITS.requestTimeoutMs),
  durability: z.enum(['normal', 'full']).default('normal'),
  retention: z
    .object({
      maxRows: z.number().int().min(1).nullable().default(DEFAULT_MAX_ROWS),
      maxAgeDays: z.number().min(0).nullable().default(null),
    })
    .default({ maxRows: DEFAULT_MAX_ROWS, maxAgeDays: null }),
  /** better_sqlite3.node built for Electron's ABI (desktop only). */
  nativeBinding: z.string().optional(),
});
export type HookbayConfig = z.infer<typeof HookbayConfig>;
export type HookbayConfigInput = z.input<typeof HookbayConfig>;

/** Turns zod issues into "field: problem" lines, naming each field (or its flag, when given). */
export function describeIssues(error: z.ZodError, fieldNames: Record<string, string> = {}): string {
  return fieldIssues(error)
    .map((i) => {
      const field = i.path || '(root)';
      return `${fieldNames[field] ?? field}: ${i.message}`;
    })
    .join('; ');
}
