/**
 * A one-pass lexer for JSON text that accepts any text. Anything that is not JSON becomes an
 * `other` run, so every character lands in exactly one run and the runs joined give back the
 * text. No regex and no recursion: each character is looked at a constant number of times,
 * whatever the payload holds (an unterminated string runs to the end instead of being retried
 * from every quote, which is what made regex tokenisers quadratic on hostile bodies).
 */
export type JsonLexKind = 'space' | 'string' | 'number' | 'literal' | 'open' | 'close' | 'comma' | 'colon' | 'other';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isExponent = (c: number) => c === 0x65 || c === 0x45;
const STRUCTURE = new Map<number, JsonLexKind>([
  [0x7b, 'open'], // {
  [0x5b, 'open'], // [
  [0x7d, 'close'], // }
  [0x5d, 'close'], // ]
  [0x2c, 'comma'],
  [0x3a, 'colon'],
]);
/** `true`, `false` and `null` by their first letter. */
const LITERALS = new Map<number, string>([
  [0x74, 'true'],
  [0x66, 'false'],
  [0x6e, 'null'],
]);

/** Whether `c` can start a run other than `other` (those end an `other` run). */
const startsRun = (c: number) => isSpace(c) || isDigit(c) || c === QUOTE || c === MINUS || STRUCTURE.has(c) || LITERALS.has(c);

/** The index after a string whose opening quote is at `open - 1`; the end of the text if it is never closed. */
function stringEnd(text: string, open: number): number {
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return text.length;
}

const digitsEnd = (text: string, i: number) => {
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
};

/** The index after the number at `start` (`-?\d+(\.\d+)?([eE][+-]?\d+)?`), or `start` if there is none. */
function numberEnd(text: string, start: number): number {
  const first = text.charCodeAt(start) === MINUS ? start + 1 : start;
  let i = digitsEnd(text, first);
  if (i === first) return start;
  if (text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) i = digitsEnd(text, i + 1);
  if (isExponent(text.charCodeAt(i))) {
    const sign = text.charCodeAt(i + 1);
    const digits = sign === PLUS || sign === MINUS ? i + 2 : i + 1;
    if (isDigit(text.charCodeAt(digits))) i = digitsEnd(text, digits);
  }
  return i;
}

/** Calls `visit` for each run of `text` in order; `visit` returning `false` stops the pass. */
export function lexJson(text: string, visit: (kind: JsonLexKind, start: number, end: number) => boolean | void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const c = text.charCodeAt(i);
    let kind: JsonLexKind = 'other';
    const structure = STRUCTURE.get(c);
    const literal = LITERALS.get(c);
    const number = numberEnd(text, i);
    if (isSpace(c)) {
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      kind = 'space';
    } else if (c === QUOTE) {
      i = stringEnd(text, i + 1);
      kind = 'string';
    } else if (structure) {
      i++;
      kind = structure;
    } else if (literal !== undefined && text.startsWith(literal, i)) {
      i += literal.length;
      kind = 'literal';
    } else if (number > i) {
      i = number;
      kind = 'number';
    } else {
      i++;
      while (i < n && !startsRun(text.charCodeAt(i))) i++;
    }
    if (visit(kind, start, i) === false) return;
  }
}
