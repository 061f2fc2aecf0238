import { z } from 'zod';

/** Raw header pairs exactly as received: order, case and duplicates preserved. */
export const HeaderPairs = z.array(z.tuple([z.string(), z.string()]));
export type HeaderPairs = z.infer<typeof HeaderPairs>;

/** Every failed call, on either transport, carries this shape. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  /** Field-level problems from zod, `path` joined with dots (e.g. `forward.0.url`). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const Ok = z.object({ ok: z.literal(true) });

/** Query-string friendly integer (HTTP sends strings, IPC sends numbers). */
export const IntParam = z.coerce.number().int();
