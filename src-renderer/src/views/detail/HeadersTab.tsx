import type { HeaderPairs } from '@contract';
import { CopyButton } from '../../components/CopyButton';
import { SafeText } from '../../components/SafeText';

export function HeadersTable({ headers, testId }: { headers: HeaderPairs; testId?: string }) {
  return (
    <table className="kv-table headers-table" data-testid={testId}>
      <tbody>
        {headers.map(([k, v], i) => (
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

/** Headers in the order, case and multiplicity they arrived. */
export function HeadersTab({ headers }: { headers: HeaderPairs }) {
  return (
    <div className="headers-tab">
      <div className="tab-toolbar">
        <span className="muted small-text">{headers.length} headers, as received</span>
        <span className="spacer" />
        <CopyButton text={headers.map(([k, v]) => `${k}: ${v}`).join('\n')} label="Copy all" className="small" />
      </div>
      <HeadersTable headers={headers} testId="headers-table" />
    </div>
  );
}
