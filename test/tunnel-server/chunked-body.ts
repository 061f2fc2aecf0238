/** `body` as a chunked message body: chunks of the given sizes in turn, each size line with `extension`, and a trailer. */
export function chunkedBody(body: Buffer, chunkSizes: number[], extension = ''): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  let i = 0;
  while (at < body.length) {
    const n = Math.min(chunkSizes[i++ % chunkSizes.length]!, body.length - at);
    parts.push(Buffer.from(`${n.toString(16)}${extension}\r\n`), body.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  parts.push(Buffer.from('0\r\nX-Trailer: t\r\n\r\n'));
  return Buffer.concat(parts);
}
