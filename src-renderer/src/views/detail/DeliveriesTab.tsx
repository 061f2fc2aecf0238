import { useState } from 'react';
import type { Delivery, DeliveryAttempt, RequestDetail } from '@contract';
import { ErrorNote } from '../../components/ErrorNote';
import { base64ToBytes, decodeLossy } from '../../format/body';
import { formatDateTime, formatDuration } from '../../format/display';
import { useCountdownTo } from '../../components/use-countdown';
import { useAction } from '../../stores/use-action';
import { useRequestList, useStores } from '../../stores/use-stores';
import { HeadersTable } from './HeadersTab';

const STATE_TONE: Record<Delivery['state'], string> = {
  pending: 'info',
  in_flight: 'info',
  scheduled: 'warn',
  delivered: 'good',
  failed: 'bad',
  cancelled: 'muted',
};

function statusTone(a: DeliveryAttempt): string {
  if (a.status === null) return 'bad';
  if (a.status < 300) return 'good';
  if (a.status < 500) return 'warn';
  return 'bad';
}

function Attempt({ a }: { a: DeliveryAttempt }) {
  const [open, setOpen] = useState(false);
  const body = a.responseBodyBase64 ? decodeLossy(base64ToBytes(a.responseBodyBase64)) : '';
  return (
    <li className="attempt" data-testid="delivery-attempt">
      <button type="button" className="attempt-line" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="twisty">{open ? '▾' : '▸'}</span>
        <span className="attempt-n">#{a.attempt}</span>
        <span className={`badge tone-${statusTone(a)}`}>{a.status ?? a.errorClass ?? 'error'}</span>
        <span>{formatDateTime(a.startedAt)}</span>
        <span className="muted">{formatDuration(a.durationMs)}</span>
        {a.error && <span className="attempt-error">{a.error}</span>}
      </button>
      {open && (
        <div className="attempt-detail">
          <p className="small-text">
            <strong>{a.request.method}</strong> <code>{a.request.url}</code> · {a.request.bodySize} bytes sent
          </p>
          {a.responseHeaders && <HeadersTable headers={a.responseHeaders} />}
          {body && <pre className="body-text response-body">{body}</pre>}
          {a.responseTruncated && <p className="muted small-text">Response body truncated.</p>}
        </div>
      )}
    </li>
  );
}

function DeliveryCard({ d }: { d: Delivery }) {
  const { requestDetail } = useStores();
  const retry = useAction(() => requestDetail.retryDelivery(d.id));
  const countdown = useCountdownTo(d.state === 'scheduled' ? d.nextAttemptAt : null);
  return (
    <li className="delivery" data-testid="delivery">
      <div className="delivery-head">
        <span className={`badge tone-${STATE_TONE[d.state]}`} data-testid="delivery-state">
          {d.state.replace('_', ' ')}
        </span>
        <code className="delivery-target">{d.targetUrl}</code>
        {d.resigned && <span className="marker">re-signed</span>}
        <span className="spacer" />
        {d.nextAttemptAt && d.state === 'scheduled' && (
          <span className="muted small-text">next try in {countdown ?? 0} s</span>
        )}
        {(d.state === 'failed' || d.state === 'scheduled') && (
          <button type="button" className="small" disabled={retry.busy} onClick={() => void retry.run()}>
            Retry now
          </button>
        )}
      </div>
      <ol className="attempts">
        {d.attempts.map((a) => (
          <Attempt key={a.attempt} a={a} />
        ))}
        {d.attempts.length === 0 && <li className="muted small-text">No attempt yet.</li>}
      </ol>
      <ErrorNote error={retry.error} onDismiss={retry.clearError} />
    </li>
  );
}

export function DeliveriesTab({ detail }: { detail: RequestDetail }) {
  const { ui } = useStores();
  const replays = useRequestList((s) => s.items.filter((r) => r.replayOf === detail.id).map((r) => r.id).slice(0, 20).join(','));
  const replayIds = replays ? replays.split(',').map(Number) : [];
  const compareWith = detail.replayOf ?? replayIds[0] ?? null;
  return (
    <div className="deliveries-tab" data-testid="deliveries-tab">
      {compareWith !== null && (
        <div className="tab-toolbar">
          <span className="spacer" />
          <button
            type="button"
            className="small"
            data-testid="compare-responses"
            onClick={() => ui.open({ kind: 'compare', leftId: detail.replayOf ?? detail.id, rightId: detail.replayOf ? detail.id : compareWith })}
          >
            Compare responses with {detail.replayOf ? 'the original' : `replay #${compareWith}`}
          </button>
        </div>
      )}
      {detail.deliveries.length === 0 ? (
        <p className="muted">
          Not forwarded. Add a forward target to the endpoint, or use Replay above to send this request somewhere.
        </p>
      ) : (
        <ul className="deliveries">
          {detail.deliveries.map((d) => (
            <DeliveryCard key={d.id} d={d} />
          ))}
        </ul>
      )}
    </div>
  );
}
