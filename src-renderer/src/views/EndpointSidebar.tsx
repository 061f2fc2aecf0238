import { useShallow } from 'zustand/react/shallow';
import type { Endpoint } from '@contract';
import { ManagedBadge } from '../components/badges';
import { CopyButton } from '../components/CopyButton';
import { ErrorNote } from '../components/ErrorNote';
import { addChip, chipValues, removeChip } from '@contract';
import type { Stores } from '../stores/stores';
import { useAction } from '../stores/use-action';
import { useEndpoints, useRequestList, useStores } from '../stores/use-stores';

/** Shows the endpoint's requests (all requests for null) and counts them read: under "All requests", every endpoint's. */
function selectEndpoint({ requestList, endpoints }: Stores, slug: string | null) {
  const filter = requestList.getState().filter;
  const current = filter.chips.find((c) => c.kind === 'endpoint');
  const cleared = current ? removeChip(filter, current) : filter;
  requestList.setFilter(slug ? addChip(cleared, 'endpoint', slug) : cleared);
  const shown = slug ? [endpoints.bySlug(slug)] : endpoints.getState().endpoints;
  for (const endpoint of shown) if (endpoint) void endpoints.markRead(endpoint.id);
}

/**
 * A URL that wraps only where a reader would split it: after the scheme, before the port and
 * before each path segment (`<wbr>`), never inside a host name or a slug.
 */
export function BreakableUrl({ url }: { url: string }) {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const pieces = url.slice(scheme.length).split(/(?=[/:?])/);
  return (
    <>
      {scheme}
      {pieces.map((piece, i) => (
        <span key={i}>
          {i > 0 || scheme ? <wbr /> : null}
          {piece}
        </span>
      ))}
    </>
  );
}

/** "8 total · 3 unread": two numbers side by side are otherwise a riddle. */
function Counts({ total, unread }: { total: number; unread: number }) {
  return (
    <span className="endpoint-counts">
      <span className="endpoint-total" data-testid="endpoint-total">
        {total.toLocaleString()} total
      </span>
      {unread > 0 && (
        <>
          {' · '}
          <span className="unread" title={`${unread} captured since you last looked`} data-testid="unread-count">
            {unread > 999 ? '999+' : unread} unread
          </span>
        </>
      )}
    </span>
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

function EndpointItem({ endpoint: e, active }: { endpoint: Endpoint; active: boolean }) {
  const stores = useStores();
  const { endpoints, notices, ui } = stores;
  const targets = e.forward.filter((t) => t.enabled);
  const retryFailed = useAction(async () => {
    const retried = await endpoints.retryFailed(e.id);
    notices.show(retried ? `Retrying ${retried} failed deliver${retried === 1 ? 'y' : 'ies'} of “${e.name}”` : `“${e.name}” has no failed deliveries`);
  });
  return (
    <li className={`endpoint-item ${active ? 'active' : ''}`} data-testid="endpoint-item" data-slug={e.slug}>
      <button type="button" className="endpoint-select" onClick={() => selectEndpoint(stores, e.slug)} aria-current={active}>
        <span className="endpoint-name">{e.name}</span>
        <Counts total={e.total} unread={active ? 0 : e.unread} />
      </button>
      <div className="endpoint-meta">
        <ManagedBadge managedBy={e.managedBy} />
        <span className={`scheme ${e.verify ? '' : 'none'}`} title="Signature scheme">
          {e.verify ? `${e.verify.scheme}${e.verify.secrets.length > 1 ? ` · ${e.verify.secrets.length} secrets` : ''}` : 'no signature check'}
        </span>
        {targets.length > 0 && (
          <span className="targets" title={targets.map((t) => t.url).join('\n')}>
            → {targets.length === 1 ? hostOf(targets[0]!.url) : `${targets.length} targets`}
          </span>
        )}
      </div>
      <div className="endpoint-url" title="Local URL">
        <code data-testid="local-url">
          <BreakableUrl url={e.localUrl} />
        </code>
        <CopyButton text={e.localUrl} label="Copy" title="Copy the local URL" className="small" />
      </div>
      {e.publicUrl && (
        <div className="endpoint-url" title="Public URL">
          <code className="public" data-testid="public-url">
            <BreakableUrl url={e.publicUrl} />
          </code>
          <CopyButton text={e.publicUrl} label="Copy" title="Copy the public URL" className="small" />
        </div>
      )}
      <div className="endpoint-actions">
        <button type="button" className="link-button" data-testid="edit-endpoint" onClick={() => ui.open({ kind: 'endpoint-editor', endpointId: e.id })}>
          Edit
        </button>
        <button type="button" className="link-button" onClick={() => ui.open({ kind: 'test-event', endpointId: e.id })}>
          Send test event
        </button>
        {e.forward.length > 0 && (
          <button type="button" className="link-button" disabled={retryFailed.busy} onClick={() => void retryFailed.run()}>
            Retry failed
          </button>
        )}
      </div>
      <ErrorNote error={retryFailed.error} onDismiss={retryFailed.clearError} />
    </li>
  );
}

export function EndpointSidebar() {
  const stores = useStores();
  const { list, error, loaded } = useEndpoints(useShallow((s) => ({ list: s.endpoints, error: s.error, loaded: s.loaded })));
  const activeSlug = useRequestList((s) => chipValues(s.filter, 'endpoint')[0] ?? null);
  const total = list.reduce((n, e) => n + e.total, 0);
  return (
    <nav className="sidebar" aria-label="Endpoints">
      <div className="sidebar-header">
        <h2>Endpoints</h2>
        <button type="button" className="primary small" data-testid="new-endpoint" onClick={() => stores.ui.open({ kind: 'endpoint-editor', endpointId: null })}>
          + New
        </button>
      </div>
      <ErrorNote error={error} />
      <ul className="endpoint-list">
        <li className={`endpoint-item all ${activeSlug === null ? 'active' : ''}`}>
          <button type="button" className="endpoint-select" onClick={() => selectEndpoint(stores, null)} aria-current={activeSlug === null}>
            <span className="endpoint-name">All requests</span>
            <Counts total={total} unread={activeSlug === null ? 0 : list.reduce((n, e) => n + e.unread, 0)} />
          </button>
        </li>
        {list.map((e) => (
          <EndpointItem key={e.id} endpoint={e} active={e.slug === activeSlug} />
        ))}
      </ul>
      {loaded && list.length <= 1 && (
        <p className="sidebar-hint">
          Create an endpoint per provider to give each its own URL, signature secret and forwarding targets.
        </p>
      )}
    </nav>
  );
}
