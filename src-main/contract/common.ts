import { z } from 'zod';

/** Raw header pairs exactly as received: order, case and duplicates preserved. */
export const HeaderPairs = z.array(z.tuple([z.string(), z.string()]));
export type HeaderPairs = z.infer<typeof HeaderPairs>;

/** One field-level problem, `path` joined with dots (e.g. `forward.0.url`). */
export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

/** Every failed call, on either transport, carries this shape. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  /** Field-level problems from zod. */
  issues: z.array(FieldIssue).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** Zod's issues as the contract's field list: the one mapping the core, the UI and the CLI share. */
export function fieldIssues(error: Pick<z.ZodError, 'issues'>): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Input a schema rejected, as an `invalid_input` error naming each field. The message says
 * what to do; by default it names the first problem (and how many more there are).
 */
export function invalidInput(error: Pick<z.ZodError, 'issues'>, message?: string): ApiError {
  const issues = fieldIssues(error);
  const first = issues[0];
  const fallback = first
    ? `Invalid input: ${first.path ? `${first.path}: ` : ''}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
    : 'Invalid input.';
  return { code: 'invalid_input', message: message ?? fallback, issues };
}

export const Ok = z.object({ ok: z.literal(true) });

/** Query-string friendly integer (HTTP sends strings, IPC sends numbers). */
export const IntParam = z.coerce.number().int();
