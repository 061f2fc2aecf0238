/** An error a caller can act on; transports turn it into `{ code, message }` (and an HTTP status). */
export class HookbayError extends Error {
  constructor(
    readonly code: 'invalid_input' | 'not_found' | 'conflict' | 'unavailable' | 'internal',
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'HookbayError';
  }
}

export const HTTP_STATUS_OF: Record<HookbayError['code'], number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export const notFound = (what: string): HookbayError => new HookbayError('not_found', `${what} was not found.`);
