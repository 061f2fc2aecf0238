import { useMemo, useRef, type KeyboardEvent } from 'react';
import { parseJson } from '../format/body';

interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Validate as JSON and offer formatting. */
  json: boolean;
  label: string;
  testId?: string;
  rows?: number;
}

/** A textarea with line numbers and, for JSON, the parse error's line. No editor library needed. */
export function CodeEditor({ value, onChange, json, label, testId, rows = 14 }: CodeEditorProps) {
  const gutter = useRef<HTMLPreElement>(null);
  const lineCount = useMemo(() => value.split('\n').length, [value]);
  const problem = useMemo(() => {
    if (!json || value.trim() === '') return null;
    const r = parseJson(value);
    return r.ok ? null : r;
  }, [json, value]);
  const numbers = useMemo(() => {
    const out: string[] = [];
    for (let i = 1; i <= lineCount; i++) out.push(String(i));
    return out.join('\n');
  }, [lineCount]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Tab' || e.shiftKey) return;
    e.preventDefault();
    const el = e.currentTarget;
    const { selectionStart: s, selectionEnd: end } = el;
    onChange(value.slice(0, s) + '  ' + value.slice(end));
    requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
  };

  return (
    <div className="code-editor">
      <div className="code-editor-frame">
        <pre className="code-gutter" ref={gutter} aria-hidden="true">
          {numbers}
        </pre>
        <textarea
          className="code-text"
          value={value}
          rows={rows}
          spellCheck={false}
          aria-label={label}
          aria-invalid={problem !== null}
          data-testid={testId}
          wrap="off"
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div className="code-status">
        {json &&
          (problem ? (
            <span className="field-errors" role="alert" data-testid="json-error">
              Invalid JSON at line {problem.line}, column {problem.column}: {problem.message}
            </span>
          ) : (
            <span className="ok-text">Valid JSON</span>
          ))}
        <span className="spacer" />
        {json && !problem && value.trim() && (
          <button type="button" className="link-button" onClick={() => onChange(JSON.stringify(JSON.parse(value), null, 2))}>
            Format
          </button>
        )}
      </div>
    </div>
  );
}
