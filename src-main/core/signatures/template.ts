import { headerValue } from '../http/headers';
import type { HeaderPairs } from '../../contract/common';

/** One piece of a signed-content template. */
export type TemplatePart =
  | { kind: 'literal'; bytes: Buffer }
  | { kind: 'body' | 'ts' | 'id' | 'method' | 'url' }
  | { kind: 'header'; name: string };

/** Values a template is filled with; the body stays raw bytes. */
export interface TemplateValues {
  body: Buffer;
  ts: string | undefined;
  id: string | undefined;
  method: string;
  url: string | null;
  headers: HeaderPairs;
}

const TOKEN = /\{([a-z]+)(?::([^}]+))?\}/g;
const SIMPLE = new Set(['body', 'ts', 'id', 'method', 'url']);
const cache = new Map<string, TemplatePart[]>();

/** Parses `{ts}.{body}`-style templates; throws with the offending token named. */
export function compileTemplate(template: string): TemplatePart[] {
  const cached = cache.get(template);
  if (cached) return cached;
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ kind: 'literal', bytes: Buffer.from(template.slice(last, m.index)) });
    const [token, name, arg] = m;
    if (name === 'header' && arg) parts.push({ kind: 'header', name: arg });
    else if (SIMPLE.has(name!) && !arg) parts.push({ kind: name as 'body' });
    else throw new Error(`unknown placeholder ${token}; use {body}, {ts}, {id}, {method}, {url} or {header:Name}`);
    last = m.index + token.length;
  }
  if (last < template.length) parts.push({ kind: 'literal', bytes: Buffer.from(template.slice(last)) });
  if (cache.size > 200) cache.clear();
  cache.set(template, parts);
  return parts;
}

export function usesPlaceholder(parts: readonly TemplatePart[], kind: TemplatePart['kind']): boolean {
  return parts.some((p) => p.kind === kind);
}

export function renderTemplate(parts: readonly TemplatePart[], v: TemplateValues): Buffer {
  const chunks: Buffer[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    switch (p.kind) {
      case 'literal':
        chunks[i] = p.bytes;
        break;
      case 'body':
        chunks[i] = v.body;
        break;
      case 'header':
        chunks[i] = Buffer.from(headerValue(v.headers, p.name) ?? '');
        break;
      case 'url':
        chunks[i] = Buffer.from(v.url ?? '');
        break;
      case 'id':
      case 'method':
      case 'ts':
        chunks[i] = Buffer.from(v[p.kind] ?? '');
    }
  }
  return Buffer.concat(chunks);
}
