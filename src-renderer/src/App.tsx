import { chipValues } from './filters/request-filter';
import { endpoints } from './stores/endpoints-store';
import { useRequestListStore } from './stores/request-list-store';
import { ui } from './stores/ui-store';
import { BulkBar } from './views/BulkBar';
import { DetailPane } from './views/detail/DetailPane';
import { Dialogs } from './views/Dialogs';
import { EndpointSidebar } from './views/EndpointSidebar';
import { FilterBar } from './views/FilterBar';
import { Notices } from './views/Notices';
import { RequestList } from './views/RequestList';
import { TransferMenu } from './views/TransferMenu';
import { ConnectionStatus, TunnelBar } from './views/TunnelBar';

export function App() {
  const endpointSlug = useRequestListStore((s) => chipValues(s.filter, 'endpoint')[0] ?? null);
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⚓
          </span>
          Hookbay
        </span>
        <TunnelBar />
        <span className="spacer" />
        <ConnectionStatus />
        <button
          type="button"
          data-testid="open-test-event"
          onClick={() => ui.open({ kind: 'test-event', endpointId: (endpointSlug && endpoints.bySlug(endpointSlug)?.id) || null })}
        >
          Send test event
        </button>
        <TransferMenu />
      </header>
      <EndpointSidebar />
      <main className="main">
        <FilterBar />
        <BulkBar />
        <div className="split">
          <RequestList />
          <DetailPane />
        </div>
      </main>
      <Dialogs />
      <Notices />
    </div>
  );
}
