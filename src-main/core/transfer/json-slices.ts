/**
 * Parses a large JSON document without blocking the event loop for long: the elements of the
 * first array found under `"<key>":` are cut out and parsed one by one, in time slices with
 * the event loop yielded between; the rest (the "skeleton", with that array left empty) is
 * parsed at the end. `JSON.parse` of a 64 MiB HAR of small entries blocked ~2.5 s by itself.
 * Structural characters are ASCII; strings are tracked so brackets inside them are ignored.
 */

import { SLICE_MS, yieldTurn } from '../slices';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isOpen = (c: number) => c === 0x7b || c === 0x5b;
const isClose = (c: number) => c === 0x7d || c === 0x5d;

export interface SlicedDocument {
  /** The document with the array emptied (the whole document when there was none). */
  skeleton: unknown;
  /** Whether the array was found. */
  found: boolean;
}

/**
 * Calls `onElement(value, index)` for each element of the array under `key` (the first such
 * key outside strings, at any depth), then returns the skeleton. Throws `SyntaxError` for
 * invalid JSON (an element's own parse, or the skeleton's).
 */
export async function parseInSlices(text: string, key: string, onElement: (value: unknown, index: number) => void): Promise<SlicedDocument> {
  const skeleton: string[] = [];
  let runStart = 0; // start of the skeleton text not yet kept
  let depth = 0;
  let arrayDepth = -1; // depth inside the array while in it
  let done = false; // the array was seen and closed: the rest is skeleton
  let inString = false;
  let stringStart = -1;
  let lastString = '';
  let afterKey = false;
  let elementStart = -1;
  let elementDepth = 0; // depth at which a container element started
  let index = 0;
  let sliceStart = Date.now();
  const emit = (end: number) => {
    onElement(JSON.parse(text.slice(elementStart, end)), index++);
    elementStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    if ((i & 0xffff) === 0 && Date.now() - sliceStart > SLICE_MS) {
      await yieldTurn();
      sliceStart = Date.now();
    }
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (arrayDepth === -1 && !done) lastString = i - stringStart - 1 === key.length ? text.slice(stringStart + 1, i) : '';
        // A string element ends with its closing quote.
        if (elementStart !== -1 && elementDepth === -1) emit(i + 1);
      }
      continue;
    }
    if (isSpace(c)) continue;
    if (arrayDepth !== -1 && depth === arrayDepth && elementStart === -1) {
      // Between elements of the array.
      if (c === COMMA) continue;
      if (c === 0x5d) {
        runStart = i;
        arrayDepth = -1;
        depth--;
        done = true;
        continue;
      }
      elementStart = i;
      elementDepth = isOpen(c) ? depth : c === QUOTE ? -1 : -2; // container, string, or other scalar
    } else if (elementStart !== -1 && elementDepth === -2 && depth === arrayDepth && (c === COMMA || c === 0x5d)) {
      emit(i);
      i--; // let the separator or closing bracket be handled as between elements
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      stringStart = i;
      continue;
    }
    if (isOpen(c)) {
      depth++;
      if (c === 0x5b && afterKey && arrayDepth === -1 && !done) {
        skeleton.push(text.slice(runStart, i + 1));
        arrayDepth = depth;
      }
    } else if (isClose(c)) {
      depth--;
      if (elementStart !== -1 && elementDepth >= 0 && depth === elementDepth) emit(i + 1);
    }
    afterKey = arrayDepth === -1 && !done && c === COLON && lastString === key;
  }
  if (arrayDepth !== -1) throw new SyntaxError('Unexpected end of JSON input');
  skeleton.push(text.slice(runStart));
  return { skeleton: JSON.parse(skeleton.join('')), found: done };
}
