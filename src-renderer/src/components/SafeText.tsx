import { splitInvisible } from '../format/display';

/** Payload text with invisible and direction-changing characters shown as escapes (always as text). */
export function SafeText({ text, className }: { text: string; className?: string }) {
  const parts = splitInvisible(text);
  if (parts.length === 1 && !parts[0]!.escaped) return <span className={className}>{text}</span>;
  return (
    <span className={className}>
      {parts.map((p, i) =>
        p.escaped ? (
          <span key={i} className="invisible-char" title="invisible or direction-changing character">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </span>
  );
}
