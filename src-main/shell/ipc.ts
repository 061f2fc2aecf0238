import type { Handlers } from '../contract';
import type { ApiError } from '../contract/common';
import { IPC_PREFIX, OPERATION_NAMES } from '../contract/names';
import { stderrLogger, type Logger } from '../core/log/logger';
import { callOperation, type CallResult } from '../core/transport';
import { nonJsonInput, nonJsonPlace } from './plain-input';
import { checkSenderFrame, type FrameLike, type RendererLocation } from './trusted-origin';

/** What every IPC call resolves to; the preload unwraps it (values) or rejects with `error`. */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ApiError };

export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's `ipcMain` the contract needs (a fake collects handlers in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}

export const channelOf = (name: string): string => `${IPC_PREFIX}${name}`;

/**
 * Where a checked call goes: the handlers in this thread (through `callOperation`), or the
 * core's worker (`CoreHost.call`), which runs the same `callOperation` on its side.
 */
export type OperationCaller = (name: (typeof OPERATION_NAMES)[number], input: unknown) => Promise<CallResult>;

const callerOf = (core: Handlers | OperationCaller, log: Logger): OperationCaller =>
  typeof core === 'function' ? core : (name, input) => callOperation(core, name, input, log);

/**
 * The one guard every IPC handler goes through: a live top-level frame showing the app's
 * renderer, at most one argument, JSON data only (`plain-input.ts`), then the contract's zod
 * parse (inside `callOperation`),
 * then the core. Nothing throws across IPC: failures come back as `{ code, message }`
 * (Electron would otherwise wrap a thrown error as "Error invoking remote method …").
 */
export function guardedCall(core: Handlers | OperationCaller, location: RendererLocation, name: (typeof OPERATION_NAMES)[number], log: Logger = stderrLogger) {
  const call = callerOf(core, log);
  return async (event: InvokeEventLike, ...args: unknown[]): Promise<IpcReply> => {
    const verdict = checkSenderFrame(event.senderFrame, location);
    if (!verdict.ok) {
      log.warn('refused IPC call', { operation: name, reason: verdict.reason });
      return { ok: false, error: { code: 'forbidden', message: `Refused: ${verdict.reason}.` } };
    }
    if (args.length > 1) {
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input: ${name} takes one argument, got ${args.length}.` } };
    }
    // JSON data only, as over HTTP: zod would read a Date or a Map where an object is due as `{}`.
    const notJson = nonJsonPlace(args[0]);
    if (notJson) return { ok: false, error: nonJsonInput(notJson) };
    const result = await call(name, args[0]);
    return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
  };
}

/** Serves every contract operation on `hookbay:<name>`; returns a function that stops serving. */
export function serveContractOverIpc(ipcMain: IpcMainLike, core: Handlers | OperationCaller, location: RendererLocation, log: Logger = stderrLogger): () => void {
  const ipcLog = log.child({ component: 'ipc' });
  for (const name of OPERATION_NAMES) ipcMain.handle(channelOf(name), guardedCall(core, location, name, ipcLog));
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}
