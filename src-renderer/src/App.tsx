import { ResizableSplit } from './components/ResizableSplit';
import { chipValues } from '@contract';
import type { Stores } from './stores/stores';
import { useRequestList, useStores } from './stores/use-stores';
import { BulkBar } from './views/BulkBar';
import { Contained } from './views/Contained';
import { DetailPane } from './views/detail/DetailPane';
import { Dialogs } from './views/Dialogs';
import { EndpointSidebar } from './views/EndpointSidebar';
import { HealthBanner } from './views/HealthBanner';
import { FilterBar } from './views/FilterBar';
import { Notices } from './views/Notices';
import { RequestList } from './views/RequestList';
import { TransferMenu } from './views/TransferMenu';
import { ConnectionStatus, TunnelBar } from './views/TunnelBar';

/** The endpoint the user is looking at: the sidebar's, else the selected request's. */
function currentEndpointId({ endpoints, requestList }: Stores, slug: string | null): string | null {
  if (slug) return endpoints.bySlug(slug)?.id ?? null;
  const { items, selectedId } = requestList.getState();
  return items.find((r) => r.id === selectedId)?.endpointId ?? null;
}

export function App() {
  const stores = useStores();
  const endpointSlug = useRequestList((s) => chipValues(s.filter, 'endpoint')[0] ?? null);
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⚓
          </span>
          Hookbay
        </span>
        <Contained name="tunnel bar">
          <TunnelBar />
        </Contained>
        <span className="spacer" />
        <ConnectionStatus />
        <button
          type="button"
          data-testid="open-test-event"
          onClick={() => stores.ui.open({ kind: 'test-event', endpointId: currentEndpointId(stores, endpointSlug) })}
        >
          Send test event
        </button>
        <Contained name="import and export menu">
          <TransferMenu />
        </Contained>
      </header>
      <Contained name="endpoint list" className="sidebar">
        <EndpointSidebar />
      </Contained>
      <main className="main">
        <Contained name="status banner">
          <HealthBanner />
        </Contained>
        <Contained name="filter bar">
          <FilterBar />
        </Contained>
        <Contained name="selection bar">
          <BulkBar />
        </Contained>
        <ResizableSplit
          left={
            <Contained name="request list">
              <RequestList />
            </Contained>
          }
          right={
            <Contained name="request detail" className="detail-pane">
              <DetailPane />
            </Contained>
          }
        />
      </main>
      <Dialogs />
      <Contained name="notices" quiet>
        <Notices />
      </Contained>
    </div>
  );
}
