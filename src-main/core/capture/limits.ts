/** What one request may cost the receiver; each default is stated here once. */
export interface ReceiverLimits {
  /** Bodies beyond this get 413 and are stored truncated. */
  bodyLimit: number;
  /** Time to receive the request line and headers. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included. */
  requestTimeoutMs: number;
  maxHeadersCount: number;
  maxHeaderBytes: number;
}

export const DEFAULT_LIMITS: ReceiverLimits = {
  bodyLimit: 10 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxHeadersCount: 500,
  maxHeaderBytes: 64 * 1024,
};
