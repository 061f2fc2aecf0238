import type { ApiError } from '@contract';

/** A failed call, on either bridge: the contract's `{ code, message, issues }` as an Error. */
export class BridgeError extends Error implements ApiError {
  readonly code: string;
  readonly issues: { path: string; message: string }[] | undefined;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'BridgeError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

function isApiErrorShape(value: unknown): value is ApiError {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * Whatever a bridge threw, as `{ code, message, issues }`. Electron's IPC flattens thrown
 * errors into "Error invoking remote method 'x': Error: …"; a JSON tail is unwrapped too.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof BridgeError) return { code: err.code, message: err.message, issues: err.issues };
  if (isApiErrorShape(err)) return { code: err.code, message: err.message, issues: err.issues };
  if (err !== null && typeof err === 'object' && 'error' in err && isApiErrorShape(err.error)) {
    return toApiError(err.error);
  }
  const message = err instanceof Error ? err.message : String(err);
  const jsonStart = message.indexOf('{');
  if (jsonStart !== -1) {
    try {
      const parsed: unknown = JSON.parse(message.slice(jsonStart));
      if (isApiErrorShape(parsed)) return toApiError(parsed);
    } catch {
      /* not JSON: use the message as it is */
    }
  }
  return { code: 'internal', message: message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') };
}

/** Issues whose path is `field` or lies under it (`forward.0.url` is under `forward.0`). */
export function issuesAt(error: ApiError | null | undefined, field: string): string[] {
  if (!error?.issues) return [];
  return error.issues
    .filter((i) => i.path === field || i.path.startsWith(`${field}.`))
    .map((i) => i.message);
}
