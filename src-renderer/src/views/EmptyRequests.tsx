import { useShallow } from 'zustand/react/shallow';
import { CopyButton } from '../components/CopyButton';
import { EMPTY_FILTER, chipValues, isFiltered } from '@contract';
import { shellQuote } from '../format/shell-quote';
import { plainTunnelReason } from '../format/tunnel-reason';
import { useEndpoints, useRequestList, useStores, useTunnel } from '../stores/use-stores';

/** What a new user needs: where to send webhooks, and a way to try it right now. */
export function EmptyRequests() {
  const { requestList, ui } = useStores();
  const filter = useRequestList((s) => s.filter);
  const endpointsList = useEndpoints(useShallow((s) => s.endpoints));
  const tunnel = useTunnel((s) => s.status);
  const slug = chipValues(filter, 'endpoint')[0];
  const endpoint = endpointsList.find((e) => e.slug === slug) ?? endpointsList.find((e) => e.builtIn) ?? endpointsList[0];
  const onlyEndpoint = filter.q === '' && filter.chips.every((c) => c.kind === 'endpoint');

  if (isFiltered(filter) && !onlyEndpoint) {
    return (
      <div className="empty-state" data-testid="empty-filtered">
        <h2>No requests match these filters</h2>
        <p>New requests that match will appear here as they arrive.</p>
        <button
          type="button"
          onClick={() => requestList.setFilter({ ...EMPTY_FILTER, chips: filter.chips.filter((c) => c.kind === 'endpoint') })}
        >
          Clear filters
        </button>
      </div>
    );
  }
  if (!endpoint) return <div className="empty-state">Loading endpoints…</div>;
  const url = endpoint.publicUrl ?? endpoint.localUrl;
  const sample = `curl -X POST ${shellQuote(endpoint.localUrl)} -H 'Content-Type: application/json' -d '{"type":"hello.world","id":"evt_1"}'`;
  return (
    <div className="empty-state" data-testid="empty-requests">
      <h2>Waiting for the first webhook{endpoint.builtIn ? '' : ` on “${endpoint.name}”`}</h2>
      <p>Copy this URL into your provider’s webhook settings. Requests appear here the moment they arrive.</p>
      <div className="url-box">
        <code>{url}</code>
        <CopyButton text={url} label="Copy URL" />
      </div>
      {!endpoint.publicUrl && <PublicUrlHint state={tunnel?.state ?? 'off'} reason={plainTunnelReason(tunnel?.reason)} />}
      <p>Or try it from a terminal:</p>
      <div className="url-box">
        <code className="wrap">{sample}</code>
        <CopyButton text={sample} label="Copy" />
      </div>
      <div className="empty-actions">
        <button type="button" className="primary" onClick={() => ui.open({ kind: 'test-event', endpointId: endpoint.id })}>
          {endpoint.verify ? 'Send a signed test event' : 'Send a test event'}
        </button>
        <button type="button" onClick={() => ui.open({ kind: 'endpoint-editor', endpointId: endpoint.id })}>
          Configure signature & forwarding
        </button>
      </div>
    </div>
  );
}

/** Why there is no public URL yet, true to the tunnel's state: off, still connecting, or on and failing. */
function PublicUrlHint({ state, reason }: { state: string; reason: string | null }) {
  if (state === 'off') {
    return (
      <p className="hint" data-testid="public-url-hint">
        Providers on the internet cannot reach <code>127.0.0.1</code>: start the tunnel (top bar) to get a public URL.
      </p>
    );
  }
  if (state === 'connecting' && !reason) {
    return (
      <p className="hint" data-testid="public-url-hint">
        The tunnel is connecting: the public URL appears here once it is online.
      </p>
    );
  }
  return (
    <p className="hint warn-text" data-testid="public-url-hint">
      The tunnel is on but not connected{reason ? `: ${reason}` : ''}. Until it is online, providers on the internet cannot reach this URL
      {state === 'error' ? '; restart it from the top bar once that is fixed.' : '; it keeps retrying.'}
    </p>
  );
}
