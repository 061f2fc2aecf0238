import { createRoot } from 'react-dom/client';
import { READY_ATTRIBUTE } from '@contract';
import { App } from './App';
import { setBridge } from './bridge/active-bridge';
import { chooseBridge } from './bridge/choose-bridge';
import { resynchronize, startLiveUpdates } from './live/live-updates';
import { connection } from './stores/connection-store';
import { endpoints } from './stores/endpoints-store';
import { requestDetail } from './stores/request-detail-store';
import { requestList, useRequestListStore } from './stores/request-list-store';
import { tunnel } from './stores/tunnel-store';
import './styles/app.css';

/** Set when the event stream dropped; cleared by the resynchronisation once it is back. */
let missedEvents = false;
const chosen = chooseBridge((state, detail) => {
  connection.setStream(state, detail);
  if (state === 'lost') missedEvents = true;
  // Events may have been missed while the stream was down (and while it reconnected).
  if (state === 'open' && missedEvents) {
    missedEvents = false;
    resynchronize();
  }
});
setBridge(chosen.bridge);
connection.setTransport(chosen.transport);

// The detail pane follows the list's selection.
useRequestListStore.subscribe((s, prev) => {
  if (s.selectedId !== prev.selectedId) requestDetail.open(s.selectedId);
});

startLiveUpdates();
// Rows first: with a big store the other first calls (counts per endpoint, facets) take longer
// and the server answers in order.
void requestList
  .reload()
  .then(() => Promise.all([endpoints.load(), tunnel.load()]))
  // The ready marker (end-to-end tests and the desktop shell wait on it): first data rendered.
  .then(() => requestAnimationFrame(() => document.documentElement.setAttribute(READY_ATTRIBUTE, '1')));

createRoot(document.getElementById('root')!).render(<App />);
