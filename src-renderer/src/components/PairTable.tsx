import { SafeText } from './SafeText';

/**
 * Name/value pairs (headers, form fields) in their original order, duplicates kept,
 * rendered as text only: both sides come from hostile payloads.
 */
export function PairTable({
  pairs,
  columns,
  className = '',
  testId,
}: {
  pairs: readonly (readonly [string, string])[];
  /** Column titles; omitted for a plain list. */
  columns?: readonly [string, string];
  className?: string;
  testId?: string;
}) {
  return (
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
        {pairs.map(([k, v], i) => (
          <tr key={i}>
            <td className="kv-key">
              <SafeText text={k} />
            </td>
            <td className="kv-value">
              <SafeText text={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
