import type { ReactNode } from 'react';
import type { RequestDetail } from '@contract';
import { CopyButton } from '../../components/CopyButton';
import { SafeText } from '../../components/SafeText';
import { formatAge, formatBytes, formatDateTime } from '../../format/display';
import { useEndpoints, useStores } from '../../stores/use-stores';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

export function OverviewTab({ detail: d }: { detail: RequestDetail }) {
  const { requestList } = useStores();
  const receiverUrl = useEndpoints((s) => s.info?.receiverUrl ?? '');
  const url = receiverUrl + d.path + (d.query ? `?${d.query}` : '');
  return (
    <table className="overview-table" data-testid="overview">
      <tbody>
        <Row label="Method">
          <SafeText text={d.method} />
        </Row>
        <Row label="URL">
          <span className="url-cell">
            <code>
              <SafeText text={url} />
            </code>
            <CopyButton text={url} className="small" />
          </span>
        </Row>
        <Row label="Endpoint">{d.endpointSlug}</Row>
        <Row label="Received">
          {formatDateTime(d.receivedAt)} <span className="muted">({formatAge(d.receivedAt)})</span>
        </Row>
        <Row label="From">{d.remoteAddress ?? '–'} <span className="muted">via {d.via}</span></Row>
        <Row label="Size">
          {formatBytes(d.size)} ({d.size.toLocaleString()} bytes){d.truncated && <strong className="warn-text"> — stored truncated</strong>}
        </Row>
        <Row label="Content type">{d.contentType ? <SafeText text={d.contentType} /> : '–'}</Row>
        <Row label="Event type">{d.eventType ? <SafeText text={d.eventType} /> : '–'}</Row>
        <Row label="Event id">
          {d.eventId ? <SafeText text={d.eventId} /> : '–'}
          {d.duplicateOf !== null && (
            <span className="marker dup">
              duplicate of{' '}
              <button type="button" className="link-button" onClick={() => requestList.select(d.duplicateOf)}>
                #{d.duplicateOf}
              </button>
            </span>
          )}
        </Row>
        {d.error && (
          <Row label="Parse error">
            <span className="warn-text">
              <SafeText text={d.error} />
            </span>
          </Row>
        )}
      </tbody>
    </table>
  );
}
