import { useEffect, useState } from 'react';

const DECOMPRESSIBLE: Record<string, CompressionFormat> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate' };

async function decompress(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface DecodedBody {
  bytes: Uint8Array;
  /** The encoding that was undone, or why it could not be. */
  note: string | null;
}

/** The body with its Content-Encoding undone where the browser can (gzip, deflate); raw bytes otherwise. */
export function useDecodedBody(raw: Uint8Array, encoding: string | null): DecodedBody {
  const format = encoding ? DECOMPRESSIBLE[encoding.trim().toLowerCase()] : undefined;
  const [decoded, setDecoded] = useState<{ from: Uint8Array; body: DecodedBody } | null>(null);
  useEffect(() => {
    if (!format) return;
    let cancelled = false;
    decompress(raw, format).then(
      (bytes) => !cancelled && setDecoded({ from: raw, body: { bytes, note: `decoded from ${encoding}` } }),
      () => !cancelled && setDecoded({ from: raw, body: { bytes: raw, note: `could not decode ${encoding}: showing the raw bytes` } }),
    );
    return () => {
      cancelled = true;
    };
  }, [raw, format, encoding]);
  if (!encoding || encoding.trim().toLowerCase() === 'identity') return { bytes: raw, note: null };
  if (!format) return { bytes: raw, note: `${encoding}-encoded: showing the raw bytes` };
  return decoded?.from === raw ? decoded.body : { bytes: raw, note: `decoding ${encoding}…` };
}
