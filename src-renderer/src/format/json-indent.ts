import { IndentedText, INDENT_LIMITS, type IndentLimits, type Indented } from './indented-text';
import { lexJson } from './json-lex';

/**
 * JSON laid out as `JSON.stringify(value, null, 2)` would, but from the text's own tokens: one
 * pass, no recursion (`JSON.stringify` overflows the stack on deep values), and numbers,
 * escapes and duplicate keys stay exactly as sent. Meant for valid JSON; any other text is
 * laid out token by token without throwing.
 */
export function indentJson(text: string, limits: IndentLimits = INDENT_LIMITS): Indented {
  const out = new IndentedText(text.length, limits);
  /** An opening bracket was the last token: `{}` stays on one line, anything else goes below it. */
  let afterOpen = false;
  lexJson(text, (kind, start, end) => {
    if (kind === 'space') return;
    const token = text.slice(start, end);
    if (kind === 'close') {
      out.leave();
      if (!afterOpen) out.newline();
      out.write(token);
    } else {
      if (afterOpen) out.newline();
      out.write(kind === 'colon' ? ': ' : token);
      if (kind === 'open') out.enter();
      if (kind === 'comma') out.newline();
    }
    afterOpen = kind === 'open';
    // Past the depth limit the scan goes on only to say how deep the body is.
    return !out.overBudget;
  });
  return out.result();
}
