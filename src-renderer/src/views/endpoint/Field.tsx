import type { ReactNode } from 'react';
import type { ApiError } from '@contract';
import { issuesAt } from '../../bridge/api-error';
import { FieldErrors } from '../../components/ErrorNote';

/** A labelled input with the contract's messages for `path` (client- or server-side) under it. */
export function Field({ label, path, error, children, hint, className }: { label: string; path: string; error: ApiError | null; children: ReactNode; hint?: string; className?: string }) {
  const messages = issuesAt(error, path);
  return (
    <label className={`field ${messages.length ? 'invalid' : ''} ${className ?? ''}`} data-field={path}>
      <span className="label-text">{label}</span>
      {children}
      {hint && <span className="hint">{hint}</span>}
      <FieldErrors messages={messages} />
    </label>
  );
}
