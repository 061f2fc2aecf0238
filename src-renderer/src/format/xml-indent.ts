import { IndentedText, INDENT_LIMITS, type IndentLimits, type Indented } from './indented-text';

export type XmlTokenKind = 'text' | 'open' | 'close' | 'empty' | 'comment' | 'cdata';

export interface XmlToken {
  kind: XmlTokenKind;
  start: number;
  end: number;
  /** The markup never ends: the token runs to the end of the text. */
  unterminated: boolean;
}

/** How each markup construct ends, and what it is called in a note. */
const DELIMITED = [
  { open: '<![CDATA[', close: ']]>', kind: 'cdata', name: 'CDATA section' },
  { open: '<!--', close: '-->', kind: 'comment', name: 'comment' },
] as const;

/**
 * Splits XML into text and markup with `indexOf` scans that never look at a character twice: a
 * construct that is never closed takes the rest of the text, rather than being retried from
 * each later `<` (the regex this replaces spent 26 s on 391 KB of `<!--`). Tolerant: whatever
 * the markup, every character lands in exactly one token.
 */
export function xmlTokens(text: string): XmlToken[] {
  const tokens: XmlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    if (text[i] !== '<') {
      const next = text.indexOf('<', i);
      i = next === -1 ? text.length : next;
      tokens.push({ kind: 'text', start, end: i, unterminated: false });
      continue;
    }
    const delimited = DELIMITED.find((d) => text.startsWith(d.open, i));
    const close = delimited?.close ?? '>';
    const found = text.indexOf(close, i + (delimited?.open.length ?? 1));
    i = found === -1 ? text.length : found + close.length;
    const tag = text.slice(start, Math.min(i, start + 2));
    const kind: XmlTokenKind =
      delimited?.kind ?? (tag === '</' ? 'close' : tag === '<?' || tag === '<!' || found === -1 || text.endsWith('/>', i) ? 'empty' : 'open');
    tokens.push({ kind, start, end: i, unterminated: found === -1 });
  }
  return tokens;
}

/** Short text between an opening and a closing tag stays on their line: `<b>hi</b>`. */
const INLINE_TEXT = 120;

function unterminatedNote(text: string, token: XmlToken): string {
  const what = DELIMITED.find((d) => d.kind === token.kind)?.name ?? 'tag';
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < token.start; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `An unterminated ${what} starts at line ${line}, column ${token.start - lineStart + 1}: the rest is shown as it is.`;
}

/**
 * Indents XML for reading. Tokenises tags and text itself (no DOMParser: nothing from a
 * payload goes near a document), tolerating broken markup by printing it as it comes.
 */
export function indentXml(text: string, limits: IndentLimits = INDENT_LIMITS): Indented {
  const tokens = xmlTokens(text);
  const out = new IndentedText(text.length, limits);
  const line = (s: string) => {
    if (!out.isEmpty) out.newline();
    out.write(s);
  };
  for (let i = 0; i < tokens.length && !out.overBudget; i++) {
    const token = tokens[i]!;
    const source = text.slice(token.start, token.end);
    if (token.kind === 'text') {
      const trimmed = source.trim();
      if (trimmed) line(trimmed);
      continue;
    }
    if (token.kind === 'close') out.leave();
    const [next, after] = [tokens[i + 1], tokens[i + 2]];
    const inline = token.kind === 'open' && next?.kind === 'text' && after?.kind === 'close' ? text.slice(next.start, next.end).trim() : null;
    if (inline !== null && inline.length < INLINE_TEXT) {
      line(source + inline + text.slice(after!.start, after!.end));
      i += 2;
      continue;
    }
    line(source);
    if (token.kind === 'open') out.enter();
  }
  const unterminated = tokens.at(-1)?.unterminated ? tokens.at(-1)! : null;
  return out.result(unterminated && unterminatedNote(text, unterminated));
}
