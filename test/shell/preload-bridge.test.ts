import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, OPERATION_NAMES } from '../../src-main/contract/names';
import { createBridge, type IpcRendererLike } from '../../src-preload/bridge';

function fakeIpcRenderer(reply: unknown = { ok: true, value: 'v' }) {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]) => reply),
    on: (channel: string, l: (...a: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel: string, l: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(l),
  } satisfies IpcRendererLike;
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l(...args));
  return { ipc, emit, listeners };
}

describe('preload bridge (window.hookbay)', () => {
  it('exposes one named function per operation plus onEvent, and nothing else', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc) as unknown as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...OPERATION_NAMES, 'onEvent'].sort());
    for (const key of Object.keys(bridge)) expect(typeof bridge[key]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('sends exactly one argument on the operation channel and returns the value', async () => {
    const { ipc } = fakeIpcRenderer({ ok: true, value: { items: [], nextCursor: null } });
    const bridge = createBridge(ipc);
    await expect(bridge.listRequests({ limit: 5 })).resolves.toEqual({ items: [], nextCursor: null });
    expect(ipc.invoke).toHaveBeenCalledWith(`${IPC_PREFIX}listRequests`, { limit: 5 });
    await bridge.health({});
    expect(ipc.invoke).toHaveBeenLastCalledWith(`${IPC_PREFIX}health`, {});
  });

  it('rejects with a plain { code, message, issues } object on failure', async () => {
    const error = { code: 'invalid_input', message: 'Invalid input: slug: bad', issues: [{ path: 'slug', message: 'bad' }] };
    const bridge = createBridge(fakeIpcRenderer({ ok: false, error }).ipc);
    await expect(bridge.createEndpoint({ name: 'x', slug: 'X' })).rejects.toEqual({ name: 'HookbayError', ...error });
    const broken = createBridge(fakeIpcRenderer(null).ipc);
    await expect(broken.health({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('subscriptions drop the Electron event argument and return an unsubscribe function', () => {
    const { ipc, emit, listeners } = fakeIpcRenderer();
    const bridge = createBridge(ipc);
    const seen: unknown[][] = [];
    const off = bridge.onEvent((...args: unknown[]) => seen.push(args));
    const electronEvent = { sender: 'ipcRenderer', ports: [] };
    emit(IPC_EVENT_CHANNEL, electronEvent, { type: 'endpoints.changed' });
    expect(seen).toEqual([[{ type: 'endpoints.changed' }]]);
    off();
    expect(listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
    emit(IPC_EVENT_CHANNEL, electronEvent, { type: 'endpoints.changed' });
    expect(seen).toHaveLength(1);
    expect(() => bridge.onEvent('nope' as never)).toThrow(TypeError);
  });
});
