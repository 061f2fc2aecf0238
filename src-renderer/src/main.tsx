import { createRoot } from 'react-dom/client';
import { READY_ATTRIBUTE } from '@contract';
import { App } from './App';
import { toApiError } from './bridge/api-error';
import { chooseBridge } from './bridge/choose-bridge';
import { startLiveUpdates, type LiveUpdates } from './live/live-updates';
import { createConnectionStore } from './stores/connection-store';
import { createStores } from './stores/stores';
import { StoresContext } from './stores/use-stores';
import { TokenScreen } from './views/TokenScreen';
import './styles/app.css';

// The bridge reports its event stream to the connection store, so that store comes first.
const connection = createConnectionStore();
const chosen = chooseBridge({ onStreamState: (state, detail) => connection.setStream(state, detail), onTokenRefused: () => showTokenScreen() });
connection.setTransport(chosen.transport);
const stores = createStores(chosen.bridge, connection);
const root = createRoot(document.getElementById('root')!);
// The ready marker (end-to-end tests and the desktop shell wait on it): first data rendered.
const markReady = () => requestAnimationFrame(() => document.documentElement.setAttribute(READY_ATTRIBUTE, '1'));
let live: LiveUpdates | null = null;

/**
 * Over HTTP, a refused token gets one screen saying what to do, in place of every view and the
 * live stream: at start, or later when the server was restarted with another token (the bridge
 * then sends nothing more, so nothing retries behind the screen).
 */
function showTokenScreen(): void {
  live?.stop();
  live = null;
  stores.dispose();
  root.render(<TokenScreen hadToken={chosen.hasToken} />);
  markReady();
}

/** The first call: when it is refused the bridge has already shown the token screen. */
async function tokenAccepted(): Promise<boolean> {
  if (chosen.transport !== 'http') return true;
  try {
    await chosen.bridge.getInfo({});
    return true;
  } catch (err) {
    return toApiError(err).code !== 'unauthorized';
  }
}

void tokenAccepted().then((accepted) => {
  if (!accepted) return;
  live = startLiveUpdates(chosen.bridge, stores);
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
