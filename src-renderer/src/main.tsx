import { createRoot } from 'react-dom/client';
import { READY_ATTRIBUTE } from '@contract';
import { App } from './App';
import { chooseBridge } from './bridge/choose-bridge';
import { startLiveUpdates } from './live/live-updates';
import { createConnectionStore } from './stores/connection-store';
import { createStores } from './stores/stores';
import { StoresContext } from './stores/use-stores';
import './styles/app.css';

// The bridge reports its event stream to the connection store, so that store comes first.
const connection = createConnectionStore();
const chosen = chooseBridge((state, detail) => connection.setStream(state, detail));
connection.setTransport(chosen.transport);
const stores = createStores(chosen.bridge, connection);

startLiveUpdates(chosen.bridge, stores);
// Rows first: with a big store the other first calls (counts per endpoint, facets) take longer
// and the server answers in order.
void stores.requestList
  .reload()
  .then(() => Promise.all([stores.endpoints.load(), stores.tunnel.load(), stores.health.load()]))
  // The ready marker (end-to-end tests and the desktop shell wait on it): first data rendered.
  .then(() => requestAnimationFrame(() => document.documentElement.setAttribute(READY_ATTRIBUTE, '1')));

createRoot(document.getElementById('root')!).render(
  <StoresContext.Provider value={stores}>
    <App />
  </StoresContext.Provider>,
);
