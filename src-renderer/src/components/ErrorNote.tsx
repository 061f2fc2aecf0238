import type { ApiError } from '@contract';

interface ErrorNoteProps {
  error: ApiError | null | undefined;
  onDismiss?: () => void;
}

/** A failed call, shown where it happened. */
export function ErrorNote({ error, onDismiss }: ErrorNoteProps) {
  if (!error) return null;
  // In a browser the token comes from the Inspector URL; say so rather than how to send a header.
  const message =
    error.code === 'unauthorized'
      ? 'This page has no valid API token: open the Inspector URL that `hookbay serve` printed (it carries ?token=…).'
      : error.message;
  return (
    <div className="error-note" role="alert">
      <span className="error-text">
        {message}
        {error.code !== 'internal' && <span className="error-code"> ({error.code})</span>}
      </span>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

/** Field-level messages under an input. */
export function FieldErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-errors" role="alert">
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}
