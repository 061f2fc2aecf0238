import { useState } from 'react';
import { ClippedText } from './ClippedText';

/**
 * Name/value pairs (headers, form fields) in their original order, duplicates kept,
 * rendered as text only: both sides come from hostile payloads. With `pageSize`, rows come in
 * pages (a 100,000-field form took 13.7 s to lay out at once); with `clipAt`, long names and
 * values are cut.
 */
export function PairTable({
  pairs,
  columns,
  className = '',
  testId,
  pageSize = Infinity,
  clipAt = Infinity,
  seeAll,
}: {
  pairs: readonly (readonly [string, string])[];
  /** Column titles; omitted for a plain list. */
  columns?: readonly [string, string];
  className?: string;
  testId?: string;
  pageSize?: number;
  clipAt?: number;
  /** Where to see clipped text in full. */
  seeAll?: string;
}) {
  const [shown, setShown] = useState(pageSize);
  const left = pairs.length - shown;
  const more = Math.min(left, pageSize * 5);
  return (
    <>
      <table className={`kv-table ${className}`.trim()} data-testid={testId}>
        {columns && (
          <thead>
            <tr>
              <th>{columns[0]}</th>
              <th>{columns[1]}</th>
            </tr>
          </thead>
        )}
        <tbody>
          {pairs.slice(0, shown).map(([k, v], i) => (
            <tr key={i}>
              <td className="kv-key">
                <ClippedText text={k} limit={clipAt} seeAll={seeAll} />
              </td>
              <td className="kv-value">
                <ClippedText text={v} limit={clipAt} seeAll={seeAll} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {left > 0 && (
        <button type="button" className="link-button show-more" onClick={() => setShown((n) => n + more)}>
          Show {more.toLocaleString('en')} more ({left.toLocaleString('en')} left)
        </button>
      )}
    </>
  );
}
