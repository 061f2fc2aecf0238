/** Saves generated text as a file (a blob URL of our own making, never a payload URL). */
export function downloadText(filename: string, text: string | Uint8Array, type = 'application/json'): void {
  downloadBlob(filename, new Blob([text as BlobPart], { type }));
}

/** Saves a blob as a file; the browser keeps a large blob out of the page's heap (on disk). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.className = 'offscreen';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function timestampForFile(now = new Date()): string {
  return now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/plain': 'txt',
  'text/html': 'html.txt',
  'application/x-www-form-urlencoded': 'txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/pdf': 'pdf',
};

/** A file name for a saved body; HTML and SVG are saved as text so opening them never renders a payload. */
export function bodyFileName(id: number, mediaType: string | null): string {
  const ext = mediaType ? (EXTENSIONS[mediaType] ?? (mediaType.endsWith('+json') ? 'json' : 'bin')) : 'bin';
  return `hookbay-request-${id}-body.${ext}`;
}
