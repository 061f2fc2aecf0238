import { useMemo } from 'react';
import { indentXml } from '../../format/xml-indent';
import { RawFallback } from './RawFallback';
import { TextView } from './TextView';

/** Indented XML, with a note when the markup is broken, or the raw text and why. */
export function XmlView({ text }: { text: string }) {
  const indented = useMemo(() => indentXml(text), [text]);
  if (!indented.ok) return <RawFallback reason={indented.reason} text={text} />;
  return (
    <>
      {indented.note && (
        <p className="muted small-text" data-testid="view-note">
          {indented.note}
        </p>
      )}
      <TextView text={indented.text} testId="body-xml" />
    </>
  );
}
