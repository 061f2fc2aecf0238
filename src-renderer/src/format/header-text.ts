export type HeaderPair = [string, string];

/** Headers as editable text: one `Name: value` per line. */
export function headersToText(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** Parses `Name: value` lines back into ordered pairs; reports the lines that are not headers. */
export function textToHeaders(text: string): { headers: HeaderPair[]; errors: string[] } {
  const headers: HeaderPair[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      errors.push(`Line ${i + 1} is not "Name: value".`);
      return;
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  });
  return { headers, errors };
}

/** Framing headers describe the original bytes; after an edit the sender must compute them anew. */
export function withoutFramingHeaders(headers: HeaderPair[]): HeaderPair[] {
  return headers.filter(([k]) => !['content-length', 'transfer-encoding'].includes(k.toLowerCase()));
}
