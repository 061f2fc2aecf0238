import type { HeaderPairs } from '../../contract/common';

export interface CurlRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
  body: Buffer;
}

/** Headers curl derives itself (from the URL and the body) or that describe a hop. */
const LEFT_TO_CURL = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'expect']);

/** Headers curl adds on its own unless told not to; suppressed when the original lacked them. */
const CURL_DEFAULTS = ['User-Agent', 'Accept'];

/** POSIX single quotes: everything literal, `'` written as `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A body can go inline in single quotes when it is valid UTF-8 without control characters
 * other than tab/CR/LF (a shell argument cannot hold NUL, and terminals mangle the rest),
 * and does not start with `@`, which `--data-binary` would read as a file name.
 */
function inlineText(body: Buffer): string | null {
  if (body.length === 0 || body.length > 64 * 1024 || body[0] === 0x40) return null;
  for (const b of body) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return null;
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

/**
 * A bash/zsh command that sends the request byte-exact. Text bodies are passed inline with
 * `--data-binary '…'` (no newline stripping, unlike `-d`); any other body is embedded as
 * base64 and piped through `base64 -d` into `--data-binary @-`, the only portable way to
 * pass NUL bytes. `--path-as-is` and `--globoff` stop curl from normalising `..` or
 * expanding `[]{}` in the URL; curl's own User-Agent/Accept are suppressed when the
 * original request did not have them, and an empty header value uses curl's `Name;` form.
 * One line per option, each flag with its value, so a line can be deleted or edited alone.
 */
export function curlCommand(req: CurlRequest): string {
  const parts: string[] = ['curl --silent --show-error --path-as-is --globoff'];
  if (req.method === 'HEAD') parts.push('--head');
  else parts.push(`-X ${shellQuote(req.method)}`);
  parts.push(shellQuote(req.url));
  const present = new Set(req.headers.map(([k]) => k.toLowerCase()));
  for (const [k, v] of req.headers) {
    if (LEFT_TO_CURL.has(k.toLowerCase())) continue;
    parts.push(`-H ${shellQuote(v === '' ? `${k};` : `${k}: ${v}`)}`);
  }
  for (const name of CURL_DEFAULTS) if (!present.has(name.toLowerCase())) parts.push(`-H ${shellQuote(`${name}:`)}`);
  if (req.body.length === 0) {
    // `-X POST` alone would send no Content-Length; say "empty body" the way the original did.
    if (present.has('content-length')) parts.push("--data-binary ''");
    return parts.join(' \\\n  ');
  }
  const text = inlineText(req.body);
  if (text !== null) {
    parts.push(`--data-binary ${shellQuote(text)}`);
    return parts.join(' \\\n  ');
  }
  parts.push('--data-binary @-');
  return `printf %s ${shellQuote(req.body.toString('base64'))} | base64 -d | ${parts.join(' \\\n  ')}`;
}
