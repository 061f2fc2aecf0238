import { indentJson } from './json-indent';
import { indentXml } from './xml-indent';

export type BodyKind = 'empty' | 'json' | 'form' | 'xml' | 'text' | 'binary';
export type BodyView = 'tree' | 'pretty' | 'raw' | 'form' | 'xml' | 'hex';

/** Which viewers make sense for each kind of body, the first being the default. */
export const VIEWS_BY_KIND = {
  empty: [],
  json: ['tree', 'pretty', 'raw', 'hex'],
  form: ['form', 'raw', 'hex'],
  xml: ['xml', 'raw', 'hex'],
  text: ['raw', 'hex'],
  binary: ['hex', 'raw'],
} as const satisfies Record<BodyKind, readonly BodyView[]>;

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/** `application/json` from `application/json; charset=utf-8`. */
export function mediaTypeOf(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  return contentType.split(';')[0]!.trim().toLowerCase() || null;
}

export function charsetOf(contentType: string | null | undefined): string {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : 'utf-8';
}

/**
 * The body as text in its declared charset, or null when it is not valid text (binary).
 * `partial` bytes are a prefix (a capped decode): a character cut at the end is dropped.
 */
export function decodeText(bytes: Uint8Array, charset = 'utf-8', partial = false): string | null {
  try {
    const decoder = new TextDecoder(charset, { fatal: true });
    const text = decoder.decode(bytes, { stream: partial });
    // NUL bytes and other C0 controls (besides whitespace) in bulk mean binary, whatever the charset says.
    let controls = 0;
    const sample = Math.min(text.length, 4096);
    for (let i = 0; i < sample; i++) {
      const c = text.charCodeAt(i);
      if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) controls++;
    }
    if (controls > 0 && controls / Math.max(sample, 1) > 0.02) return null;
    return text;
  } catch {
    return null;
  }
}

/** Lenient decoding for the raw view of binary bodies (replacement characters instead of failing). */
export function decodeLossy(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

const isJsonType = (t: string | null) => t !== null && (t === 'application/json' || t.endsWith('+json') || t === 'text/json');
const isXmlType = (t: string | null) => t !== null && (t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml'));

export function detectBodyKind(contentType: string | null, bytes: Uint8Array, text: string | null): BodyKind {
  if (bytes.length === 0) return 'empty';
  if (text === null) return 'binary';
  const type = mediaTypeOf(contentType);
  const trimmed = text.trimStart();
  if (isJsonType(type) || ((type === null || type.startsWith('text/plain')) && /^[[{]/.test(trimmed))) {
    return parseJson(text).ok ? 'json' : 'text';
  }
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (isXmlType(type) || ((type === null || type === 'text/plain') && trimmed.startsWith('<?xml'))) return 'xml';
  return 'text';
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/** Parses JSON and, on failure, says where (1-based line and column). */
export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return { ok: false, message, line: Number(lc[1]), column: Number(lc[2]) };
    const pos = /position (\d+)/.exec(message);
    const at = pos ? Number(pos[1]) : text.length;
    const before = text.slice(0, at).split('\n');
    return { ok: false, message, line: before.length, column: before.at(-1)!.length + 1 };
  }
}

/**
 * Whether JSON text holds integers JavaScript cannot represent exactly (IDs such as
 * 1234567890123456789 are common in webhooks): parsed views would show them rounded.
 */
export function hasUnsafeIntegers(text: string): boolean {
  for (const m of text.matchAll(/(?<![\w."])-?\d{16,}(?![\d.eE"])/g)) {
    if (!Number.isSafeInteger(Number(m[0]))) return true;
  }
  return false;
}

/** Indented JSON, or null when the text is not JSON or too deep or wide to indent (see `indentJson`). */
export function prettyJson(text: string): string | null {
  if (!parseJson(text).ok) return null;
  const indented = indentJson(text);
  return indented.ok ? indented.text : null;
}

/** Form fields in order, duplicates kept; `+` is a space as in HTML forms. */
export function parseForm(text: string): [string, string][] {
  return [...new URLSearchParams(text)];
}

/** Indented XML, or the text as it is when it is too deep or wide to indent (see `indentXml`). */
export function prettyXml(text: string): string {
  const indented = indentXml(text);
  return indented.ok ? indented.text : text;
}

export const HEX_BYTES_PER_LINE = 16;

/** One line of a hex dump: offset, 16 bytes in hex, and the printable ASCII. */
export function hexLine(bytes: Uint8Array, line: number): { offset: string; hex: string; ascii: string } {
  const start = line * HEX_BYTES_PER_LINE;
  const slice = bytes.subarray(start, start + HEX_BYTES_PER_LINE);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < HEX_BYTES_PER_LINE; i++) {
    if (i === 8) hex += ' ';
    if (i < slice.length) {
      const b = slice[i]!;
      hex += b.toString(16).padStart(2, '0') + ' ';
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else hex += '   ';
  }
  return { offset: start.toString(16).padStart(8, '0'), hex: hex.trimEnd(), ascii };
}

export function hexLineCount(bytes: Uint8Array): number {
  return Math.ceil(bytes.length / HEX_BYTES_PER_LINE);
}

export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | null {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return null;
}
