import zlib from 'node:zlib';
import type { HeaderPairs } from '../../contract/common';
import { SEARCH_BODY_BYTES } from '../../contract/filter-query';
import { headerValue } from '../http/headers';

/**
 * Search covers the first SEARCH_BODY_BYTES (256 KiB) of each body, after gzip, deflate or br
 * is undone. Indexing runs on the event loop and its cost grows with the text (FTS5 took
 * ~40 ms of CPU for 256 KiB of distinct words on the shared 2-core machine, ~300 ms for
 * 1 MiB), so what one body costs must not grow with the body: a 9 MB text body stalled the
 * loop (F9). Real webhooks are far smaller; docs/api.md, the CLI's and the search box's help
 * say so.
 */
export { SEARCH_BODY_BYTES };
/**
 * Stored bytes read per body for search. Compression never grows data by more than a few
 * bytes per block, so this much input decodes to at least SEARCH_BODY_BYTES of a valid stream.
 */
export const SEARCH_READ_BYTES = SEARCH_BODY_BYTES + 16 * 1024;

type Decode = (input: Buffer, options: zlib.ZlibOptions | zlib.BrotliOptions) => Buffer;
const DECODERS: Record<string, { decode: Decode; partial: number }> = {
  gzip: { decode: zlib.gunzipSync, partial: zlib.constants.Z_SYNC_FLUSH },
  'x-gzip': { decode: zlib.gunzipSync, partial: zlib.constants.Z_SYNC_FLUSH },
  deflate: { decode: zlib.inflateSync, partial: zlib.constants.Z_SYNC_FLUSH },
  br: { decode: zlib.brotliDecompressSync, partial: zlib.constants.BROTLI_OPERATION_FLUSH },
};
/** First input tried when decoding a prefix: deflate expands at most 1032×, so its output fits. */
const FIRST_INPUT_BYTES = 256;
/** Halvings between the last input that fit and the first that did not. */
const NARROWING_STEPS = 4;

const tooLarge = (err: unknown) => (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';

/**
 * At most the first `max` bytes of a body with its Content-Encoding undone, decoding no more
 * than about that much. `whole` says the input is the entire stored body; `complete` in the
 * answer, that the bytes are the entire decoded body. null: an unknown encoding, or a stream
 * that is corrupt (or, given whole, cut short), as before the bound.
 */
export function decodedPrefix(
  input: Buffer,
  encoding: string | undefined,
  max: number,
  whole: boolean,
): { bytes: Buffer; complete: boolean } | null {
  const enc = encoding?.trim().toLowerCase();
  if (!enc || enc === 'identity') {
    return input.length > max ? { bytes: input.subarray(0, max), complete: false } : { bytes: input, complete: whole };
  }
  const codec = DECODERS[enc];
  if (!codec) return null;
  if (whole) {
    // The common case, and the one whose answer must not change: a body that decodes within
    // the bound is decoded strictly (a corrupt or truncated stream is not text).
    try {
      return { bytes: codec.decode(input, { maxOutputLength: max }), complete: true };
    } catch (err) {
      if (!tooLarge(err)) return null;
    }
  }
  // Past the bound. zlib's one-shot calls stop at maxOutputLength but then throw away what they
  // decoded, while a truncated input decodes (with a sync flush) to a prefix of the output. So
  // decode ever longer prefixes of the input, each stopped at `max`, and keep the longest output
  // that fit: a handful of decodes of at most `max` bytes each, whatever the body inflates to.
  const attempt = (n: number): Buffer | 'too large' | null => {
    try {
      return codec.decode(input.subarray(0, n), { finishFlush: codec.partial, maxOutputLength: max });
    } catch (err) {
      return tooLarge(err) ? 'too large' : null;
    }
  };
  let fit: Buffer = Buffer.alloc(0);
  let fitN = 0;
  let n = Math.min(input.length, FIRST_INPUT_BYTES);
  for (;;) {
    const out = attempt(n);
    if (out === null) return null;
    if (out === 'too large') break;
    fit = out;
    fitN = n;
    if (n === input.length) return { bytes: out, complete: false };
    n = Math.min(input.length, n * 4);
  }
  let over = n;
  for (let i = 0; i < NARROWING_STEPS && over - fitN > 1; i++) {
    const mid = fitN + Math.floor((over - fitN) / 2);
    const out = attempt(mid);
    if (out === null) break;
    if (out === 'too large') over = mid;
    else [fit, fitN] = [out, mid];
  }
  return { bytes: fit, complete: false };
}

/**
 * The text full-text search indexes for a stored body (or the first SEARCH_READ_BYTES of it:
 * `storedLength` is the whole body's): at most SEARCH_BODY_BYTES of it as UTF-8, or null
 * when it is binary.
 */
export function bodyText(stored: Buffer, headers: HeaderPairs, storedLength = stored.length): string | null {
  const input = stored.length > SEARCH_READ_BYTES ? stored.subarray(0, SEARCH_READ_BYTES) : stored;
  const decoded = decodedPrefix(input, headerValue(headers, 'content-encoding'), SEARCH_BODY_BYTES, input.length === storedLength);
  if (!decoded) return null;
  try {
    // A body cut at the bound may end inside a character: streaming holds that tail back
    // instead of calling the body binary. A complete body must be valid to its last byte.
    return new TextDecoder('utf-8', { fatal: true }).decode(decoded.bytes, { stream: !decoded.complete });
  } catch {
    return null;
  }
}
