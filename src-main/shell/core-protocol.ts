/**
 * What the shell and the core worker say to each other over their MessagePort, and the one
 * synchronous channel between them: the secret codec. No Electron here; both sides import it.
 */
import type { MessagePort } from 'node:worker_threads';
import type { HookbayEvent } from '../contract/events';
import type { HookbayConfigInput } from '../core/config';
import type { LogFields, LogLevel } from '../core/log/logger';
import type { SecretCodec } from '../core/store/endpoint-store';
import type { CallResult } from '../core/transport';

export interface CoreWorkerData {
  port: MessagePortLike;
  config: HookbayConfigInput;
  mode: 'desktop' | 'headless';
  restoreTunnel: boolean;
  /** Present when the shell keeps the secret codec (safeStorage exists only on the main thread). */
  secrets: { description: string; buffer: SharedArrayBuffer; port: MessagePortLike } | null;
  /** `saveExport` asks the main thread where to write (else it writes to `<data>/exports/`). */
  asksExportFile: boolean;
}

export type ToCore =
  | { t: 'call'; id: number; name: string; input: unknown }
  | { t: 'reencryptSecrets' }
  | { t: 'exportFileChosen'; id: number; file: string | null }
  | { t: 'close' };

export type FromCore =
  | { t: 'ready'; receiverUrl: string; receiverPort: number; dataDir: string; secretStorage: string; secretValues: string[] }
  | { t: 'result'; id: number; result: CallResult }
  | { t: 'event'; event: HookbayEvent }
  | { t: 'secrets'; values: string[] }
  /** `saveExport` asks where to write (the save dialog lives on the main thread). */
  | { t: 'chooseExportFile'; id: number; suggestedName: string }
  | { t: 'log'; level: Exclude<LogLevel, 'silent'>; message: string; fields?: LogFields }
  | { t: 'startFailed'; error: { message: string; code?: string } }
  | { t: 'closed' };

type MessagePortLike = MessagePort;

/*
 * The secret codec is synchronous (EndpointStore decodes while it loads) but safeStorage lives
 * on the main thread. The worker posts the request and sleeps on a shared Int32 (Atomics.wait)
 * until the main thread has written the answer into the shared buffer. Only endpoint loads
 * and edits use it, a few times per session; the main thread never waits on the worker.
 */
const STATE = 0; // 0 waiting, 1 answered, 2 failed
const LENGTH = 1;
const HEADER_BYTES = 8;
const CODEC_TIMEOUT_MS = 10_000;
export const SECRET_BUFFER_BYTES = 256 * 1024;

/** Main thread: answers the worker's codec requests with the real codec. */
export function serveSecretCodec(codec: SecretCodec, port: MessagePortLike, buffer: SharedArrayBuffer): void {
  const header = new Int32Array(buffer, 0, 2);
  const bytes = new Uint8Array(buffer, HEADER_BYTES);
  port.on('message', (msg: { op: 'encode' | 'decode'; text: string }) => {
    let state = 1;
    let answer: string;
    try {
      answer = codec[msg.op](msg.text);
    } catch (err) {
      state = 2;
      answer = (err as Error).message;
    }
    const encoded = new TextEncoder().encode(answer);
    if (encoded.length > bytes.length) {
      state = 2;
      bytes.set(new TextEncoder().encode('secret too large for the codec buffer'));
      Atomics.store(header, LENGTH, 37);
    } else {
      bytes.set(encoded);
      Atomics.store(header, LENGTH, encoded.length);
    }
    Atomics.store(header, STATE, state);
    Atomics.notify(header, STATE);
  });
}

/** Worker: a SecretCodec whose every call is answered by the main thread's codec. */
export function remoteSecretCodec(description: string, port: MessagePortLike, buffer: SharedArrayBuffer): SecretCodec {
  const header = new Int32Array(buffer, 0, 2);
  const bytes = new Uint8Array(buffer, HEADER_BYTES);
  const call = (op: 'encode' | 'decode', text: string): string => {
    Atomics.store(header, STATE, 0);
    port.postMessage({ op, text });
    if (Atomics.wait(header, STATE, 0, CODEC_TIMEOUT_MS) === 'timed-out') {
      throw new Error('The secret store did not answer within 10 s.');
    }
    const answer = new TextDecoder().decode(bytes.slice(0, Atomics.load(header, LENGTH)));
    if (Atomics.load(header, STATE) === 2) throw new Error(answer);
    return answer;
  };
  return { description, encode: (s) => call('encode', s), decode: (s) => call('decode', s) };
}

/** Errors cross postMessage as plain fields (a class and `code` would not survive the clone). */
export function cloneableFields(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] =
      v instanceof Error
        ? { name: v.name, message: v.message, code: (v as NodeJS.ErrnoException).code, stack: v.stack }
        : v;
  }
  return out;
}
