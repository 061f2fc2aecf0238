import { memo, type MouseEvent } from 'react';
import type { RequestSummary } from '@contract';
import { DeliveryBadge, MethodLabel, SignatureBadge } from '../components/badges';
import { formatBytes, formatTime, visibleText } from '../format/display';

interface RequestRowProps {
  request: RequestSummary;
  selected: boolean;
  checked: boolean;
  showEndpoint: boolean;
  onClick: (id: number, e: MouseEvent) => void;
  onCheck: (id: number) => void;
}

const VIA_LABEL: Record<RequestSummary['via'], string> = {
  direct: '',
  tunnel: 'tunnel',
  replay: '',
  import: 'imported',
  test: 'test',
};

export const RequestRow = memo(function RequestRow({ request: r, selected, checked, showEndpoint, onClick, onCheck }: RequestRowProps) {
  const path = visibleText(r.path + (r.query ? `?${r.query}` : ''));
  return (
    <div
      className={`request-row ${selected ? 'selected' : ''} ${checked ? 'checked' : ''} ${r.error ? 'malformed' : ''} via-${r.via}`}
      role="option"
      id={`request-${r.id}`}
      aria-selected={selected}
      data-testid="request-row"
      data-request-id={r.id}
      onClick={(e) => onClick(r.id, e)}
    >
      <input
        type="checkbox"
        className="row-check"
        checked={checked}
        aria-label={`Select request ${r.id}`}
        onClick={(e) => e.stopPropagation()}
        onChange={() => onCheck(r.id)}
      />
      <span className="cell-time" title={new Date(r.receivedAt).toISOString()}>
        {formatTime(r.receivedAt)}
      </span>
      <span className="cell-method">
        <MethodLabel method={visibleText(r.method)} />
      </span>
      {showEndpoint && <span className="cell-endpoint">{r.endpointSlug}</span>}
      <span className="cell-path" title={path}>
        <span className="path-text">{r.error ? `⚠ ${r.error}` : path}</span>
        <span className="cell-markers">
        {/* Replays and imports repeat their originals' event ids on purpose: only unexplained repeats are marked. */}
        {r.duplicateOf !== null && r.replayOf === null && r.via !== 'import' && (
          <span className="marker dup" title={`Same event id as #${r.duplicateOf}`} data-testid="duplicate-marker">
            dup
          </span>
        )}
        {r.replayOf !== null && (
          <span className="marker replay" title={`Replay of #${r.replayOf}`} data-testid="replay-marker">
            ↻ #{r.replayOf}
          </span>
        )}
        {VIA_LABEL[r.via] && (
          <span className={`marker via via-${r.via}`} data-testid="via-marker" title={r.via === 'import' ? 'Imported from a HAR file: stored, not forwarded' : undefined}>
            {VIA_LABEL[r.via]}
          </span>
        )}
        {r.truncated && <span className="marker warn" title="Body larger than the limit: stored truncated">truncated</span>}
        </span>
      </span>
      <span className="cell-event" title={r.eventType ?? ''} data-testid="event-type">
        {r.eventType ? visibleText(r.eventType) : ''}
      </span>
      <span className="cell-size">{formatBytes(r.size)}</span>
      <span className="cell-signature">
        <SignatureBadge status={r.verificationStatus} />
      </span>
      <span className="cell-delivery">
        <DeliveryBadge state={r.deliveryState} />
      </span>
    </div>
  );
});

export function PlaceholderRow() {
  return <div className="request-row placeholder" aria-hidden="true" />;
}
