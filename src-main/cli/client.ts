/**
 * How one-shot commands reach the data: through the API of the Hookbay that owns the data
 * directory (its lock file says where), or by opening the directory themselves. Either way
 * every call goes through the contract, so both paths validate and answer alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { contract, type InputOf, type OperationName, type OutputOf } from '../contract';
import { invalidInput } from '../contract/common';
import { Hookbay } from '../core/hookbay';
import { createStderrLogger } from '../core/log/logger';
import { createHandlers, streamedHandlers } from '../core/service';
import { DataDirOwned } from '../core/store/data-dir-owner';
import { toFailure } from '../core/transport';
import { processAlive } from '../core/process-alive';
import { readLock } from '../headless/lock-file';
import { call, CallFailed } from './call';
import type { CliRuntime } from './server-flags';

export interface Client {
  /** `api <url>` or `direct`, for messages and tests. */
  readonly via: string;
  call<K extends OperationName>(name: K, input: InputOf<K>): Promise<OutputOf<K>>;
  /**
   * An export as a stream of pieces of its text (never the whole document as one value: it may
   * be larger than V8's largest string). Resolves once the selection is accepted, so a bad input
   * throws `CallFailed` before anything is written; a failure after that rejects the iteration.
   */
  stream(name: StreamedName, input: InputOf<StreamedName>): Promise<AsyncIterable<string | Uint8Array>>;
  close(): Promise<void>;
}

/** Operations `Client.stream` serves. */
export type StreamedName = 'exportHar' | 'exportJson';

/** The API route with `:id` filled in, and the rest of the input as query (GET/DELETE) or JSON body. */
function request(name: OperationName, input: Record<string, unknown>): { method: string; path: string; query: URLSearchParams; body: unknown } {
  const { method, path: template } = contract[name].http;
  const rest = { ...input };
  const filled = template.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  if (method === 'GET' || method === 'DELETE') {
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
    }
    return { method, path: filled, query, body: undefined };
  }
  return { method, path: filled, query, body: rest };
}

type ErrorBody = { code?: string; message?: string; issues?: { path: string; message: string }[] };

/** The API's error body as `CallFailed` (the transports answer `{ error: {…} }`). */
async function failedOf(res: Response): Promise<CallFailed> {
  const value = (await res.json().catch(() => ({}))) as ErrorBody & { error?: ErrorBody };
  const e = value.error ?? value;
  return new CallFailed(e.code ?? 'error', e.message ?? `HTTP ${res.status}`, e.issues ?? []);
}

function apiClient(apiUrl: string, token: string): Client {
  const send = async (name: OperationName, input: unknown): Promise<Response> => {
    const r = request(name, input as Record<string, unknown>);
    const qs = r.query.size > 0 ? `?${r.query}` : '';
    try {
      return await fetch(`${apiUrl}${r.path}${qs}`, {
        method: r.method,
        headers: { authorization: `Bearer ${token}`, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
      });
    } catch (err) {
      throw new Error(`the Hookbay at ${apiUrl} did not answer (${(err as Error).message}); is it still running?`, { cause: err });
    }
  };
  return {
    via: `api ${apiUrl}`,
    async call(name, input) {
      const res = await send(name, input);
      if (!res.ok) throw await failedOf(res);
      return (await res.json()) as OutputOf<typeof name>;
    },
    async stream(name, input) {
      const res = await send(name, input);
      if (!res.ok) throw await failedOf(res);
      if (!res.body) throw new Error(`the Hookbay at ${apiUrl} answered ${name} without a body`);
      // The bytes as they arrive; an aborted response (the server failed mid-way) rejects.
      return res.body as unknown as AsyncIterable<Uint8Array>;
    },
    close: async () => {},
  };
}

/** Whether the desktop app has the directory open: Electron's single-instance lock names its pid. */
export function desktopOwner(dataDir: string): number | null {
  try {
    const m = /-(\d+)$/.exec(fs.readlinkSync(path.join(dataDir, 'SingletonLock')));
    if (!m) return null;
    const pid = Number(m[1]);
    return processAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export interface OpenOptions {
  /** The command sends requests (replay): resume the relay so its deliveries go out. */
  sends: boolean;
  runtime: CliRuntime;
}

export async function openClient(dataDir: string, o: OpenOptions): Promise<Client> {
  const lock = readLock(dataDir);
  if (lock) return apiClient(lock.apiUrl, lock.token);
  if (!fs.existsSync(path.join(dataDir, 'hookbay.db'))) throw new Error(`no Hookbay data in ${dataDir}; pass --data DIR (or HOOKBAY_DATA)`);
  if (o.sends && desktopOwner(dataDir) !== null) {
    throw new Error(`the desktop app has ${dataDir} open; replay from its inspector, or close it and try again`);
  }
  // Reading opens the data beside its owner, if any (WAL): no relay, nothing marked. Sending
  // runs the relay, which needs the directory to itself (see DataDirOwnership).
  const app = await Hookbay.start(
    {
      dataDir,
      // Its own receiver on any free port: nothing is meant to arrive there.
      receiverPort: 0,
      receiverHost: '127.0.0.1',
      // Pruning is the owner's business (it may keep more than the default); never here.
      retention: { maxRows: null, maxAgeDays: null },
      ...(o.runtime.nativeBinding ? { nativeBinding: o.runtime.nativeBinding } : {}),
    },
    { restoreTunnel: false, resumeRelay: o.sends, command: 'hookbay replay', logger: createStderrLogger('error') },
  ).catch((err: unknown) => {
    if (err instanceof DataDirOwned) throw new DataDirOwned(err.dataDir, err.owner, 'replay through it (its inspector or API), or stop it and try again');
    throw err;
  });
  // Exports of any size go through `stream`; `call('exportHar')` keeps the API's inline limit.
  const handlers = createHandlers(app);
  const streamed = streamedHandlers(app);
  const log = createStderrLogger('error');
  return {
    via: 'direct',
    call: (name, input) => call(handlers, name, input),
    // The same chunks the HTTP API streams, validated by the contract as `call` would.
    stream: async (name, input) => {
      const parsed = contract[name].input.safeParse(input);
      if (!parsed.success) {
        const error = invalidInput(parsed.error);
        throw new CallFailed(error.code, error.message, error.issues ?? []);
      }
      try {
        return toAsync(streamed[name](parsed.data));
      } catch (err) {
        const { error } = toFailure(err, log, name);
        throw new CallFailed(error.code, error.message, error.issues ?? []);
      }
    },
    close: () => app.close(),
  };
}

/** A synchronous chunk source as an async one, turning the event loop between chunks. */
async function* toAsync(chunks: Iterable<string>): AsyncGenerator<string> {
  for (const chunk of chunks) {
    yield chunk;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
