import type { HookbayBridge } from '../src-main/contract/bridge';
import type { HookbayEvent } from '../src-main/contract/events';
import type { ApiError } from '../src-main/contract/common';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, OPERATION_NAMES } from '../src-main/contract/names';

/** The part of `ipcRenderer` the bridge uses (a fake stands in for it in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: ApiError };

/**
 * A failed call rejects with a plain `{ name, code, message, issues? }` object: the context
 * bridge copies plain objects whole, while an Error crossing it keeps only its message.
 */
function unwrap(reply: unknown): unknown {
  const r = reply as Reply;
  if (r && r.ok === true) return r.value;
  const error = r && r.ok === false ? r.error : { code: 'internal', message: 'Malformed reply from the main process.' };
  throw { name: 'HookbayError', ...error };
}

/**
 * `window.hookbay`: one named function per contract operation and `onEvent`; nothing else.
 * Each function sends exactly one argument on its own channel; there is no generic invoke.
 */
export function createBridge(ipc: IpcRendererLike): HookbayBridge {
  const api: Record<string, unknown> = {};
  for (const name of OPERATION_NAMES) {
    const channel = `${IPC_PREFIX}${name}`;
    api[name] = (input?: unknown) => ipc.invoke(channel, input ?? {}).then(unwrap);
  }
  api.onEvent = (listener: (event: HookbayEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // Drop Electron's event argument: the page gets the Hookbay event and nothing else.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as HookbayEvent);
    ipc.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipc.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  };
  return Object.freeze(api) as HookbayBridge;
}
