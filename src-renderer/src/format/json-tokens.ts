export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'space';

export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|(\s+)|([\s\S])/g;

/** Splits (pretty-printed) JSON text into coloured runs; the runs joined give back the text exactly. */
export function jsonTokens(text: string): JsonToken[] {
  const out: JsonToken[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (m[1] !== undefined) {
      out.push({ kind: m[2] !== undefined ? 'key' : 'string', text: m[1] });
      if (m[2] !== undefined) out.push({ kind: 'punct', text: m[2] });
    } else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'literal', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'space', text: m[5] });
    else out.push({ kind: 'punct', text: m[6]! });
  }
  return out;
}
