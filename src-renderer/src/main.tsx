import { createRoot } from 'react-dom/client';
import { READY_ATTRIBUTE } from '@contract';
import { App } from './App';
import { toApiError } from './bridge/api-error';
import { chooseBridge } from './bridge/choose-bridge';
import { startLiveUpdates } from './live/live-updates';
import { createConnectionStore } from './stores/connection-store';
import { createStores } from './stores/stores';
import { StoresContext } from './stores/use-stores';
import { TokenScreen } from './views/TokenScreen';
import './styles/app.css';

// The bridge reports its event stream to the connection store, so that store comes first.
const connection = createConnectionStore();
const chosen = chooseBridge((state, detail) => connection.setStream(state, detail));
connection.setTransport(chosen.transport);
const stores = createStores(chosen.bridge, connection);
const root = createRoot(document.getElementById('root')!);
// The ready marker (end-to-end tests and the desktop shell wait on it): first data rendered.
const markReady = () => requestAnimationFrame(() => document.documentElement.setAttribute(READY_ATTRIBUTE, '1'));

/** Over HTTP, a refused token gets one screen saying what to do, before any view or the live stream starts. */
async function tokenRefused(): Promise<boolean> {
  if (chosen.transport !== 'http') return false;
  try {
    await chosen.bridge.getInfo({});
    return false;
  } catch (err) {
    return toApiError(err).code === 'unauthorized';
  }
}

void tokenRefused().then((refused) => {
  if (refused) {
    root.render(<TokenScreen hadToken={chosen.hasToken} />);
    markReady();
    return;
  }
  startLiveUpdates(chosen.bridge, stores);
  // Rows first: with a big store the other first calls (counts per endpoint, facets) take longer
  // and the server answers in order.
  void stores.requestList
    .reload()
    .then(() => Promise.all([stores.endpoints.load(), stores.tunnel.load(), stores.health.load()]))
    .then(markReady);
  root.render(
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>,
  );
});
