import { z } from 'zod';
import { contract, type Handlers, type OperationName } from '../contract';
import { invalidInput, type ApiError } from '../contract/common';
import { HTTP_STATUS_OF, HookbayError } from './errors';

export type CallResult =
  | { ok: true; value: unknown; status: number }
  | { ok: false; error: ApiError; status: number };

/** Whether to check handler outputs against the contract (tests turn this on). */
const checkOutputs = process.env.HOOKBAY_CHECK_OUTPUT === '1';

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(contract, name);
}

/**
 * The one guarded entry point both transports use: validate the input with the
 * operation's zod schema, run the handler, and turn any failure into `{ code, message }`.
 * Invalid input never reaches the core.
 */
export async function callOperation(handlers: Handlers, name: OperationName, rawInput: unknown): Promise<CallResult> {
  const operation = contract[name];
  const parsed = operation.input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, status: 400, error: invalidInput(parsed.error) };
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    if (checkOutputs) {
      const out = operation.output.safeParse(value);
      if (!out.success) throw new Error(`Output of ${name} breaks the contract: ${z.prettifyError(out.error)}`);
    }
    return { ok: true, value, status: operation.http.status ?? 200 };
  } catch (err) {
    return toFailure(err);
  }
}

export function toFailure(err: unknown): { ok: false; error: ApiError; status: number } {
  if (err instanceof HookbayError) {
    return {
      ok: false,
      status: HTTP_STATUS_OF[err.code],
      error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) },
    };
  }
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR')) {
    return { ok: false, status: 503, error: { code: 'storage_unavailable', message: `Storage failed: ${code}.` } };
  }
  // Unknown errors are reported without their stack and without echoing input (it may hold secrets).
  console.error('[hookbay] internal error:', err instanceof Error ? err.message : err);
  return { ok: false, status: 500, error: { code: 'internal', message: 'Internal error; see the Hookbay log.' } };
}
