import { z } from 'zod';
import { IntParam } from './common';
import { HttpUrl, LIMITS, SendableHeaders } from './fields';
import { RequestFilter } from './requests';

export const ReplayInput = z.object({
  id: IntParam,
  /** Send here instead of the endpoint's targets. */
  url: HttpUrl.optional(),
  method: z.string().max(32).regex(/^[A-Za-z]+$/, 'method must be letters only').optional(),
  /** Path (with optional query) relative to the target, replacing the original's. */
  path: z.string().max(LIMITS.urlChars).startsWith('/').optional(),
  headers: SendableHeaders.optional(),
  bodyBase64: z.string().optional(),
  /** Re-sign with the endpoint's secret and a fresh timestamp. */
  resign: z.boolean().optional(),
});
export type ReplayInput = z.input<typeof ReplayInput>;

export const ReplayResult = z.object({
  /** The stored replay request (linked to its original by `replayOf`). */
  requestId: z.number().int(),
  deliveryIds: z.array(z.number().int()),
  resigned: z.boolean(),
});
export type ReplayResult = z.infer<typeof ReplayResult>;

export const BulkReplayInput = z.object({
  ids: z.array(z.number().int()).max(10_000).optional(),
  filter: RequestFilter.optional(),
  url: HttpUrl.optional(),
  resign: z.boolean().optional(),
});

export const ExportInput = z.object({
  ids: z.array(z.number().int()).max(100_000).optional(),
  filter: RequestFilter.optional(),
});

export const ExportFormat = z.enum(['har', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const SaveExportInput = ExportInput.extend({ format: ExportFormat });

export const SavedExport = z.object({
  /** False when the user cancelled the desktop app's save dialog (nothing was written). */
  saved: z.boolean(),
  /** Where the export was written. */
  file: z.string().nullable(),
  /** Size of the written file. */
  bytes: z.number().int(),
});
export type SavedExport = z.infer<typeof SavedExport>;

export const ImportHarInput = z.object({
  /** A HAR 1.2 document (object or its JSON text). */
  har: z.union([z.string(), z.record(z.string(), z.unknown())]),
  endpoint: z.string().max(LIMITS.shortText).optional(),
});
