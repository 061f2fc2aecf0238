import { useEffect, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequestDetail } from '@contract';
import { MethodLabel, SignatureBadge } from '../../components/badges';
import { ErrorNote } from '../../components/ErrorNote';
import { SafeText } from '../../components/SafeText';
import type { DetailTab } from '../../stores/request-detail-store';
import { useAction } from '../../stores/use-action';
import { useFocusRequest, useRequestDetail, useRequestList, useStores } from '../../stores/use-stores';
import { Contained } from '../Contained';
import { BodyTab } from './BodyTab';
import { DeliveriesTab } from './DeliveriesTab';
import { HeadersTab } from './HeadersTab';
import { OverviewTab } from './OverviewTab';
import { ReplayControls } from './ReplayControls';
import { SignatureTab } from './SignatureTab';

const TABS = {
  overview: { label: 'Overview', View: OverviewTab },
  headers: { label: 'Headers', View: ({ detail }) => <HeadersTab headers={detail.headers} /> },
  body: { label: 'Body', View: BodyTab },
  signature: { label: 'Signature', View: SignatureTab },
  deliveries: { label: 'Deliveries', View: DeliveriesTab },
} as const satisfies Record<DetailTab, { label: string; View: ComponentType<{ detail: RequestDetail }> }>;

const TAB_ORDER = Object.keys(TABS) as DetailTab[];

function tabCount(detail: RequestDetail, tab: DetailTab): string {
  if (tab === 'headers') return ` ${detail.headers.length}`;
  if (tab === 'deliveries' && detail.deliveries.length) return ` ${detail.deliveries.length}`;
  return '';
}

function Lineage({ detail }: { detail: RequestDetail }) {
  const { requestList } = useStores();
  const replays = useRequestList((s) =>
    s.items
      .filter((r) => r.replayOf === detail.id)
      .map((r) => r.id)
      .slice(0, 10)
      .join(','),
  );
  if (detail.replayOf === null && !replays) return null;
  return (
    <div className="lineage" data-testid="lineage">
      {detail.replayOf !== null && (
        <span>
          Replay of{' '}
          <button type="button" className="link-button" onClick={() => requestList.select(detail.replayOf)}>
            #{detail.replayOf}
          </button>
        </span>
      )}
      {replays && (
        <span>
          Replayed as{' '}
          {replays.split(',').map((id) => (
            <button key={id} type="button" className="link-button" onClick={() => requestList.select(Number(id))}>
              #{id}
            </button>
          ))}
        </span>
      )}
    </div>
  );
}

/** Delete, asked twice in place: a request is gone for good, and a dialog would break the keyboard flow. */
function DeleteButton({ what, busy, onDelete }: { what: string; busy: boolean; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="link-button danger" data-testid="delete-request" onClick={() => setConfirming(true)}>
        Delete…
      </button>
    );
  }
  return (
    <span className="confirm-inline" role="group" aria-label="Confirm deletion" data-testid="delete-confirm">
      Delete {what} for good?
      <button type="button" className="danger" disabled={busy} onClick={onDelete} autoFocus>
        Delete
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

export function DetailPane() {
  const { requestDetail } = useStores();
  const { id, detail, loading, error, tab } = useRequestDetail(
    useShallow((s) => ({ id: s.id, detail: s.detail, loading: s.loading, error: s.error, tab: s.tab })),
  );
  const remove = useAction((rid: number) => requestDetail.deleteRequest(rid));
  const tabButtons = useRef(new Map<DetailTab, HTMLButtonElement>());
  const focusTab = (t: DetailTab) => tabButtons.current.get(t)?.focus();
  // Enter pressed while the detail is still loading: focus the tabs once they exist, not never.
  const focusPending = useRef(false);
  useFocusRequest('detail-tabs', () => {
    focusPending.current = !tabButtons.current.has(requestDetail.getState().tab);
    focusTab(requestDetail.getState().tab);
  });
  useEffect(() => {
    if (detail && focusPending.current) {
      focusPending.current = false;
      focusTab(requestDetail.getState().tab);
    }
  });
  if (id === null) {
    return (
      <section className="detail-pane empty" aria-label="Request detail">
        <p className="muted">Select a request to see its headers, body, signature check and deliveries.</p>
        <p className="muted small-text">↑/↓ move · Enter opens the tabs · Space ticks for bulk actions · / searches</p>
      </section>
    );
  }
  const onTabKey = (e: KeyboardEvent) => {
    const at = TAB_ORDER.indexOf(tab);
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = TAB_ORDER[(at + delta + TAB_ORDER.length) % TAB_ORDER.length]!;
    requestDetail.setTab(next);
    requestAnimationFrame(() => focusTab(next));
  };
  const View = TABS[tab].View;
  return (
    <section className="detail-pane" aria-label="Request detail" data-testid="detail-pane" data-detail-id={detail?.id}>
      {detail ? (
        <>
          <header className="detail-header">
            <div className="detail-title">
              <MethodLabel method={detail.method} />
              <span className="detail-path">
                <SafeText text={detail.path + (detail.query ? `?${detail.query}` : '')} />
              </span>
              <SignatureBadge status={detail.verificationStatus} />
              <span className="muted">#{detail.id}</span>
            </div>
            <Lineage detail={detail} />
            <div className="detail-actions">
              <ReplayControls detail={detail} />
              <DeleteButton busy={remove.busy} onDelete={() => void remove.run(detail.id)} what={`#${detail.id}`} />
            </div>
            <ErrorNote error={remove.error} onDismiss={remove.clearError} />
          </header>
          <div className="tabs" role="tablist" aria-label="Request detail" data-testid="detail-tabs" onKeyDown={onTabKey}>
            {TAB_ORDER.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={t === tab}
                tabIndex={t === tab ? 0 : -1}
                className={t === tab ? 'active' : ''}
                data-testid={`tab-${t}`}
                ref={(el) => {
                  if (el) tabButtons.current.set(t, el);
                  else tabButtons.current.delete(t);
                }}
                onClick={() => requestDetail.setTab(t)}
              >
                {TABS[t].label}
                <span className="tab-count">{tabCount(detail, t)}</span>
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel">
            <Contained name={`${TABS[tab].label} tab`} resetKey={`${detail.id}:${tab}`}>
              <View key={detail.id} detail={detail} />
            </Contained>
          </div>
        </>
      ) : loading ? (
        <p className="muted">Loading #{id}…</p>
      ) : (
        <ErrorNote error={error} />
      )}
    </section>
  );
}
