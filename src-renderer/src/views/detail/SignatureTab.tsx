import type { RequestDetail } from '@contract';
import { SIGNATURE_BADGES, SignatureBadge } from '../../components/badges';
import { ErrorNote } from '../../components/ErrorNote';
import { SafeText } from '../../components/SafeText';
import { formatDateTime } from '../../format/display';
import { useAction } from '../../stores/use-action';
import { useStores } from '../../stores/use-stores';

function detailValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Known detail keys get words; the rest are shown as they come. */
const DETAIL_LABELS: Record<string, string> = {
  skewSec: 'Clock skew (s)',
  timestamp: 'Signed timestamp',
  toleranceSec: 'Tolerance (s)',
  header: 'Signature header',
  algorithm: 'Algorithm',
  signedContent: 'Signed content',
  signedBody: 'Signed body',
  signatures: 'Signatures sent',
  secretsTried: 'Secrets tried',
  diagnosis: 'Diagnosis',
  url: 'URL signed',
};

export function SignatureTab({ detail }: { detail: RequestDetail }) {
  const v = detail.verification;
  const { requestDetail, ui } = useStores();
  const reverify = useAction(() => requestDetail.verify(detail.id));
  const details = Object.entries(v.details ?? {});
  return (
    <div className="signature-tab" data-testid="signature-tab">
      <div className={`signature-summary tone-${SIGNATURE_BADGES[v.status].tone}`}>
        <SignatureBadge status={v.status} />
        <p className="diagnosis" data-testid="signature-reason">
          <SafeText text={v.reason} />
        </p>
      </div>
      <table className="overview-table">
        <tbody>
          <tr>
            <th scope="row">Scheme</th>
            <td>{v.scheme ?? 'none configured'}</td>
          </tr>
          {v.matchedSecret && (
            <tr>
              <th scope="row">Matched secret</th>
              <td>
                #{v.matchedSecret.index + 1} <code>{v.matchedSecret.preview}</code>
              </td>
            </tr>
          )}
          {details.map(([k, value]) => (
            <tr key={k}>
              <th scope="row">{DETAIL_LABELS[k] ?? k}</th>
              <td>
                <code className="wrap">
                  <SafeText text={detailValue(value)} />
                </code>
              </td>
            </tr>
          ))}
          {v.verifiedAt && (
            <tr>
              <th scope="row">Checked</th>
              <td>{formatDateTime(v.verifiedAt)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="tab-actions">
        <button type="button" disabled={reverify.busy} onClick={() => void reverify.run()} data-testid="reverify">
          {reverify.busy ? 'Verifying…' : 'Re-verify'}
        </button>
        <button type="button" className="link-button" onClick={() => ui.open({ kind: 'endpoint-editor', endpointId: detail.endpointId })}>
          Change scheme or secrets
        </button>
      </div>
      <ErrorNote error={reverify.error} onDismiss={reverify.clearError} />
    </div>
  );
}
