/**
 * URL handling for URL-bound schemes (Twilio, Square, HubSpot). URLs are kept as text, not
 * normalised with `new URL()`, because providers sign the exact characters they requested.
 */
const SPLIT = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;

function split(url: string): { scheme: string; host: string; port: string; rest: string } | null {
  const m = SPLIT.exec(url);
  if (!m) return null;
  const authority = m[2]!;
  const portStart = authority.indexOf(':', authority.lastIndexOf(']') + 1);
  return {
    scheme: m[1]!.toLowerCase(),
    host: portStart === -1 ? authority : authority.slice(0, portStart),
    port: portStart === -1 ? '' : authority.slice(portStart + 1),
    rest: m[3]!,
  };
}

const DEFAULT_PORT: Record<string, string> = { https: '443', http: '80' };

/** The URL with and without its scheme's default port (Twilio signs either form). */
export function withAndWithoutDefaultPort(url: string): string[] {
  const p = split(url);
  if (!p) return [url];
  const def = DEFAULT_PORT[p.scheme];
  if (!def) return [url];
  if (p.port === '') return [url, `${p.scheme}://${p.host}:${def}${p.rest}`];
  if (p.port === def) return [url, `${p.scheme}://${p.host}${p.rest}`];
  return [url];
}

/** Other URLs a proxy could have turned this one into: the other scheme, with/without port. */
export function alternateUrls(url: string): string[] {
  const p = split(url);
  if (!p) return [];
  const other = p.scheme === 'https' ? 'http' : p.scheme === 'http' ? 'https' : null;
  const out = withAndWithoutDefaultPort(url).slice(1);
  if (other) {
    const swapped = `${other}://${p.host}${p.port && p.port !== DEFAULT_PORT[p.scheme] ? `:${p.port}` : ''}${p.rest}`;
    out.push(...withAndWithoutDefaultPort(swapped));
  }
  if (p.port && p.port !== DEFAULT_PORT[p.scheme]) out.push(`${p.scheme}://${p.host}${p.rest}`);
  return out;
}

/** The full URL of a request from the endpoint's public URL, adding the query if absent. */
export function requestUrl(publicUrl: string, query: string): string {
  return query && !publicUrl.includes('?') ? `${publicUrl}?${query}` : publicUrl;
}
