import { useEffect, useMemo, useState } from 'react';
import { formatBytes } from '../../format/display';

/**
 * Decoded bodies stop here: the receiver's default body limit, so a decoded body costs the
 * viewers no more than the largest raw one. A 64 KB gzip body can inflate to 64 MB (or 10 MB
 * to 10 GB); inflated whole, one froze the inspector for a minute at 5 GB.
 */
export const DECODED_LIMIT = 10 * 1024 * 1024;

/** Content-Encoding tokens and the DecompressionStream format that undoes each. */
const FORMATS: Record<string, string> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'brotli' };

type Decoded = { bytes: Uint8Array; complete: boolean };

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Inflates chunk by chunk and cancels the stream once `limit` bytes are out. */
export async function decodeCapped(bytes: Uint8Array, format: string, limit = DECODED_LIMIT): Promise<Decoded> {
  // Throws for a format this browser lacks (Chromium 156 and Node 20 have no 'brotli'): the caller says so.
  const inflate = new DecompressionStream(format as CompressionFormat);
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(inflate).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: concat(chunks, total), complete: true };
    if (total + value.length > limit) {
      chunks.push(value.subarray(0, limit - total));
      await reader.cancel();
      return { bytes: concat(chunks, limit), complete: false };
    }
    chunks.push(value);
    total += value.length;
  }
}

export interface DecodedBody {
  bytes: Uint8Array;
  /** The encoding that was undone, how far, or why it could not be. */
  note: string | null;
  /** Only part of the body was decoded (saving it keeps the raw bytes instead). */
  partial: boolean;
}

/** Whether this browser's DecompressionStream knows `format` ('brotli' came after gzip and deflate; Chromium 156 lacks it). */
function supported(format: string): boolean {
  try {
    new DecompressionStream(format as CompressionFormat);
    return true;
  } catch {
    return false;
  }
}

/** The body with its Content-Encoding undone where the browser can (gzip, deflate, br), up to `DECODED_LIMIT`; raw bytes otherwise. */
export function useDecodedBody(raw: Uint8Array, encoding: string | null): DecodedBody {
  const coding = encoding?.trim().toLowerCase() ?? '';
  const format = FORMATS[coding];
  const canDecode = useMemo(() => format !== undefined && supported(format), [format]);
  const [decoded, setDecoded] = useState<{ from: Uint8Array; body: DecodedBody } | null>(null);
  useEffect(() => {
    if (!canDecode) return;
    let cancelled = false;
    decodeCapped(raw, format!).then(
      ({ bytes, complete }) => {
        const note = complete
          ? `decoded from ${encoding}`
          : `decoded the first ${formatBytes(DECODED_LIMIT)} of the ${encoding} body; the rest is not shown (Save writes the ${formatBytes(raw.length)} received)`;
        if (!cancelled) setDecoded({ from: raw, body: { bytes, note, partial: !complete } });
      },
      () => !cancelled && setDecoded({ from: raw, body: { bytes: raw, note: `could not decode ${encoding}: showing the raw bytes`, partial: false } }),
    );
    return () => {
      cancelled = true;
    };
  }, [raw, format, canDecode, encoding]);
  if (!coding || coding === 'identity') return { bytes: raw, note: null, partial: false };
  if (!format) return { bytes: raw, note: `${encoding}-encoded: showing the raw bytes`, partial: false };
  if (!canDecode) return { bytes: raw, note: `this browser cannot decode ${encoding}: showing the raw bytes`, partial: false };
  return decoded?.from === raw ? decoded.body : { bytes: raw, note: `decoding ${encoding}…`, partial: false };
}
