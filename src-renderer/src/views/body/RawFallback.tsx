import { TextView } from './TextView';

/** What a viewer shows when it will not format a body: one sentence why, then the raw text. */
export function RawFallback({ reason, text }: { reason: string; text: string }) {
  return (
    <>
      <p className="warn-text small-text" data-testid="body-fallback">
        {reason}
      </p>
      <TextView text={text} testId="body-raw" />
    </>
  );
}
