/** Saves generated text as a file (a blob URL of our own making, never a payload URL). */
export function downloadText(filename: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
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
