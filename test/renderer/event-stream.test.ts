import { afterEach, describe, expect, it, vi } from 'vitest';
import { openEventStream, type StreamState } from '../../src-renderer/src/bridge/event-stream';
import { createHttpBridge } from '../../src-renderer/src/bridge/http-bridge';

/** The shape of test/support/target-server.ts, which is typed on the Node side. */
interface ServerResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
  destroy(): unknown;
}
interface TargetServer {
  url: string;
  received: { method: string; url: string }[];
  waitFor(n: number, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}
type Handler = (req: { url: string }, res: ServerResponse) => void;
// A variable specifier keeps the Node-only module out of the renderer's (DOM-typed) program.
const serverModule = '../support/target-server';
const startTarget = async (handler: Handler): Promise<TargetServer> => {
  const mod = (await import(/* @vite-ignore */ serverModule)) as { startTarget(handler: Handler): Promise<TargetServer> };
  return mod.startTarget(handler);
};

const refuse: Handler = (_req, res) => {
  res.writeHead(401, { 'Content-Type': 'application/json' });
  res.end('{"error":{"code":"unauthorized","message":"Missing or wrong API token."}}');
};
/** Well past the first reconnect delay (at most 0.6 s), so an unwanted retry would have happened. */
const retryWindowMs = 3000;
const waitLong = { timeout: 15_000, interval: 20 };

const servers: TargetServer[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function open(server: TargetServer) {
  const states: StreamState[] = [];
  const onTokenRefused = vi.fn();
  closers.push(openEventStream({ url: `${server.url}/api/events`, token: 'old-token', onEvent: () => {}, onState: (s) => states.push(s), onTokenRefused }));
  return { states, onTokenRefused };
}

describe('openEventStream', () => {
  it('stops at the first 401: a refused token is reported once and never retried', async () => {
    const server = await startTarget(refuse);
    servers.push(server);
    const { states, onTokenRefused } = open(server);
    await server.waitFor(1, waitLong.timeout);
    await new Promise((r) => setTimeout(r, retryWindowMs));
    expect(server.received.length).toBe(1);
    expect(onTokenRefused).toHaveBeenCalledTimes(1);
    expect(states).not.toContain('lost');
  });

  for (const [what, handler] of [
    ['drops the connection', ((_req, res) => res.destroy()) satisfies Handler],
    ['answers 503 (restarting)', ((_req, res) => (res.writeHead(503, {}), res.end())) satisfies Handler],
  ] as const) {
    it(`keeps reconnecting to a server that ${what}`, async () => {
      const server = await startTarget(handler);
      servers.push(server);
      const { states, onTokenRefused } = open(server);
      await vi.waitFor(() => expect(server.received.length).toBeGreaterThanOrEqual(3), waitLong);
      expect(states).toContain('lost');
      expect(onTokenRefused).not.toHaveBeenCalled();
    });
  }
});

describe('createHttpBridge', () => {
  it('after a 401 on any call: reports it once, opens no event stream and sends nothing more', async () => {
    const server = await startTarget(refuse);
    servers.push(server);
    const onTokenRefused = vi.fn();
    const bridge = createHttpBridge({ baseUrl: server.url, token: 'old-token', onStreamState: () => {}, onTokenRefused });
    await expect(bridge.getInfo({})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(onTokenRefused).toHaveBeenCalledTimes(1);

    closers.push(bridge.onEvent(() => {}));
    await expect(bridge.getInfo({})).rejects.toMatchObject({ code: 'unauthorized' });
    await new Promise((r) => setTimeout(r, retryWindowMs));
    expect(server.received.map((r) => r.url)).toEqual(['/api/info']);
    expect(onTokenRefused).toHaveBeenCalledTimes(1);
  });

  it('a 401 on the event stream stops it and is reported once', async () => {
    const server = await startTarget(refuse);
    servers.push(server);
    const onTokenRefused = vi.fn();
    const bridge = createHttpBridge({ baseUrl: server.url, token: 'old-token', onStreamState: () => {}, onTokenRefused });
    closers.push(bridge.onEvent(() => {}));
    await vi.waitFor(() => expect(onTokenRefused).toHaveBeenCalledTimes(1), waitLong);
    await new Promise((r) => setTimeout(r, retryWindowMs));
    expect(server.received.map((r) => r.url)).toEqual(['/api/events']);
  });
});
