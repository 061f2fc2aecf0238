import { lexJson, type JsonLexKind } from './json-lex';

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'space';

export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

const TOKEN_OF = {
  space: 'space',
  string: 'string',
  number: 'number',
  literal: 'literal',
  open: 'punct',
  close: 'punct',
  comma: 'punct',
  colon: 'punct',
  other: 'punct',
} as const satisfies Record<JsonLexKind, JsonTokenKind>;

/**
 * Splits (pretty-printed) JSON text into coloured runs; the runs joined give back the text
 * exactly. A string followed by a colon (spaces allowed between) is a key.
 */
export function jsonTokens(text: string): JsonToken[] {
  const out: JsonToken[] = [];
  /** The last string token, until the next non-space run says whether it was a key. */
  let lastString: JsonToken | null = null;
  lexJson(text, (kind, start, end) => {
    if (kind === 'colon' && lastString) lastString.kind = 'key';
    if (kind !== 'space') lastString = null;
    const token: JsonToken = { kind: TOKEN_OF[kind], text: text.slice(start, end) };
    if (kind === 'string') lastString = token;
    out.push(token);
  });
  return out;
}
