/**
 * A fake `ipcMain` that serves the contract through the REAL guard
 * (`serveContractOverIpc` from src-main/shell/ipc.ts, which imports no Electron) over a real
 * core, and invokes a channel as Electron would: the argument goes through structured clone
 * first, so only what a renderer can actually send arrives.
 */
import type { Handlers } from '../../../src-main/contract';
import type { Logger } from '../../../src-main/core/log/logger';
import { channelOf, serveContractOverIpc, type InvokeEventLike, type IpcMainLike, type IpcReply } from '../../../src-main/shell/ipc';
import type { FrameLike, RendererLocation } from '../../../src-main/shell/trusted-origin';

export const LOCATION: RendererLocation = { kind: 'file', indexFile: '/opt/hookbay/out/renderer/index.html' };
export const APP_FRAME: FrameLike = { url: 'file:///opt/hookbay/out/renderer/index.html', parent: null, isDestroyed: () => false };

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;

export interface FakeIpc {
  /** Invokes `hookbay:<name>`; `null` when the renderer could not have sent these arguments. */
  invoke(name: string, frame: FrameLike | null, args: unknown[]): Promise<IpcReply | null>;
  stop(): void;
}

export function serveOverFakeIpc(handlers: Handlers, log: Logger): FakeIpc {
  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void listeners.set(channel, listener),
    removeHandler: (channel) => void listeners.delete(channel),
  };
  const stop = serveContractOverIpc(ipcMain, handlers, LOCATION, log);
  return {
    async invoke(name, frame, args) {
      const listener = listeners.get(channelOf(name));
      if (!listener) throw new Error(`no IPC handler for ${name}`);
      let cloned: unknown[];
      try {
        cloned = structuredClone(args);
      } catch {
        return null; // Electron's serializer refuses it in the renderer: it never reaches the main process.
      }
      return listener({ senderFrame: frame }, ...cloned);
    },
    stop,
  };
}
