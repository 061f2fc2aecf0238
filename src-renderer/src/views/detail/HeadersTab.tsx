import type { HeaderPairs } from '@contract';
import { CopyButton } from '../../components/CopyButton';
import { PairTable } from '../../components/PairTable';

export function HeadersTable({ headers, testId }: { headers: HeaderPairs; testId?: string }) {
  return <PairTable pairs={headers} className="headers-table" testId={testId} />;
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
