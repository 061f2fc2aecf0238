import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpBridge } from '../../src-renderer/src/bridge/http-bridge';
import { startLiveUpdates, type LiveUpdates } from '../../src-renderer/src/live/live-updates';
import { createConnectionStore } from '../../src-renderer/src/stores/connection-store';
import { createStores, type Stores } from '../../src-renderer/src/stores/stores';

/** The shape of test/support/inspector-server.ts, which is typed on the Node side. */
interface InspectorServer {
  apiUrl: string;
  receiverUrl: string;
  token: string;
  close(): Promise<void>;
}
// A variable specifier keeps the Node-only module out of the renderer's (DOM-typed) program.
const serverModule = '../support/inspector-server';

/** Waits on a condition, not a clock: under load the event stream may take seconds to open. */
const waitLong = { timeout: 15_000, interval: 20 };

let server: InspectorServer;
let stores: Stores;
let live: LiveUpdates;

beforeAll(async () => {
  const { startInspectorServer } = (await import(/* @vite-ignore */ serverModule)) as { startInspectorServer(): Promise<InspectorServer> };
  server = await startInspectorServer();
  // Wired as main.tsx wires the page, over a real `hookbay serve` on loopback.
  const connection = createConnectionStore();
  const bridge = createHttpBridge({ baseUrl: server.apiUrl, token: server.token, onStreamState: (state, detail) => connection.setStream(state, detail), onTokenRefused: () => {} });
  stores = createStores(bridge, connection);
  live = startLiveUpdates(bridge, stores, { request: (callback) => setTimeout(callback, 0) });
});
afterAll(async () => {
  live?.stop();
  stores?.dispose();
  await server?.close();
});

describe('stores over the real HTTP bridge', () => {
  it('load, follow live captures, and act through their actions', async () => {
    await stores.requestList.reload();
    await stores.endpoints.load();
    const builtIn = stores.endpoints.getState().endpoints.find((e) => e.builtIn);
    expect(builtIn).toBeDefined();
    await vi.waitFor(() => expect(stores.connection.getState().stream).toBe('open'), waitLong);

    const res = await fetch(`${server.receiverUrl}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"invoice.paid","id":"evt_1"}' });
    expect(res.status).toBeLessThan(300);
    await vi.waitFor(() => expect(stores.requestList.getState().items.map((r) => r.eventType)).toEqual(['invoice.paid']), waitLong);
    const id = stores.requestList.getState().items[0]!.id;
    expect(stores.endpoints.bySlug(builtIn!.slug)?.total).toBe(1);

    stores.requestList.select(id);
    await vi.waitFor(() => expect(stores.requestDetail.getState().detail?.id).toBe(id), waitLong);
    expect(await stores.requestDetail.curl(id)).toContain('--data-binary');

    const created = await stores.endpoints.save(null, { name: 'Stripe', slug: 'stripe' });
    expect(stores.endpoints.bySlug('stripe')?.id).toBe(created.id);
    await stores.endpoints.remove(created.id);
    expect(stores.endpoints.bySlug('stripe')).toBeUndefined();

    await expect(stores.requestDetail.fetch(id + 1000)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('"Save export" downloads the streamed HTTP export (no one string, no JSON.parse of it in the page)', async () => {
    const downloads: { name: string; blob: Blob }[] = [];
    const bridge = createHttpBridge({ baseUrl: server.apiUrl, token: server.token, onStreamState: () => {}, onTokenRefused: () => {}, saveDownload: (name, blob) => downloads.push({ name, blob }) });
    const own = createStores(bridge);
    for (let i = 0; i < 3; i++) await fetch(`${server.receiverUrl}/saved/${i}`, { method: 'POST', body: `{"n":${i}}` });
    await own.requestList.reload();
    const saved = await own.transfer.saveExport('json');
    expect(downloads).toHaveLength(1);
    const text = await downloads[0]!.blob.text();
    expect(saved).toEqual({ saved: true, file: downloads[0]!.name, bytes: new TextEncoder().encode(text).length });
    expect(saved.file).toMatch(/^hookbay-[0-9-]+\.json$/);
    const doc = JSON.parse(text) as { requests: { path: string }[] };
    expect(doc.requests.map((r) => r.path).filter((p) => p.startsWith('/saved/'))).toEqual(['/saved/0', '/saved/1', '/saved/2']);
    // What the API streams, byte for byte.
    const direct = await fetch(`${server.apiUrl}/api/export/json`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: '{"filter":{}}' });
    expect(await direct.text()).toBe(text);
    await expect(own.transfer.saveExport('har')).resolves.toMatchObject({ saved: true, file: expect.stringMatching(/\.har$/) });
    own.dispose();
  });
});
