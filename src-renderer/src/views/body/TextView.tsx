import { useState } from 'react';
import { SafeText } from '../../components/SafeText';

const LIMIT = 512 * 1024;

/** Text in a <pre>, cut at 512 KB until asked (a multi-megabyte text node is slow to lay out). */
export function TextView({ text, testId }: { text: string; testId: string }) {
  const [all, setAll] = useState(false);
  const cut = !all && text.length > LIMIT;
  return (
    <div className="text-view">
      <pre className="body-text" data-testid={testId}>
        <SafeText text={cut ? text.slice(0, LIMIT) : text} />
      </pre>
      {cut && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show all {(text.length / 1024 / 1024).toFixed(1)} M characters
        </button>
      )}
    </div>
  );
}
