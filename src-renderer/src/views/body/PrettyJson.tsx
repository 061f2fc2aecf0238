import { useMemo } from 'react';
import { SafeText } from '../../components/SafeText';
import { indentJson } from '../../format/json-indent';
import { jsonTokens, type JsonTokenKind } from '../../format/json-tokens';
import { RawFallback } from './RawFallback';
import { TextView } from './TextView';

/** Past this, colouring costs more than it helps: plain text. */
const COLOUR_LIMIT = 150 * 1024;

const CLASS_OF = {
  key: 'json-key',
  string: 'json-string',
  number: 'json-number',
  literal: 'json-bool',
  punct: 'json-punct',
  space: '',
} as const satisfies Record<JsonTokenKind, string>;

/** Indented JSON with the tree's colours (every token is text), or the raw text and why. */
export function PrettyJson({ text }: { text: string }) {
  const indented = useMemo(() => indentJson(text), [text]);
  if (!indented.ok) return <RawFallback reason={indented.reason} text={text} />;
  return <ColouredJson text={indented.text} />;
}

function ColouredJson({ text }: { text: string }) {
  const tokens = useMemo(() => (text.length <= COLOUR_LIMIT ? jsonTokens(text) : null), [text]);
  if (!tokens) return <TextView text={text} testId="body-pretty" />;
  return (
    <pre className="body-text" data-testid="body-pretty">
      {tokens.map((t, i) =>
        t.kind === 'space' ? (
          t.text
        ) : t.kind === 'key' || t.kind === 'string' ? (
          <SafeText key={i} className={CLASS_OF[t.kind]} text={t.text} />
        ) : (
          <span key={i} className={CLASS_OF[t.kind]}>
            {t.text}
          </span>
        ),
      )}
    </pre>
  );
}
