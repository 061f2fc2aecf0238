import { SafeText } from './SafeText';

/**
 * Past this, a single value is cut: a multi-megabyte string in one text node took seconds to lay
 * out (a 9 MB JSON string froze the tree for 7.5 s). The Raw view pages through all of it.
 */
export const CLIP_CHARS = 2000;

/** Payload text, cut at `limit` characters with a note of how many more there are (and where to see them). */
export function ClippedText({ text, limit = CLIP_CHARS, seeAll }: { text: string; limit?: number; seeAll?: string }) {
  if (text.length <= limit) return <SafeText text={text} />;
  return (
    <>
      <SafeText text={text.slice(0, limit)} />
      <span className="clipped-more" data-testid="clipped-more">
        … {(text.length - limit).toLocaleString('en')} more characters{seeAll && ` (${seeAll})`}
      </span>
    </>
  );
}
