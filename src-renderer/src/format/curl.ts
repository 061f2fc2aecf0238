/** Quotes for POSIX shells; non-printable bytes use bash's $'…' form. */
export function shellQuote(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + "'";
}

const SKIPPED = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** A cURL command for a captured request, used when the server cannot make one (older builds). */
export function curlCommand(req: { method: string; url: string; headers: readonly (readonly [string, string])[]; body: string }): string {
  const parts = ['curl', '-X', req.method, shellQuote(req.url)];
  for (const [k, v] of req.headers) if (!SKIPPED.has(k.toLowerCase())) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (req.body) parts.push('--data-binary', shellQuote(req.body));
  return parts.join(' ');
}
