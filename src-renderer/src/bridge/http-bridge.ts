import { contract, type HookbayApi, type HookbayBridge, type HookbayEvent, type InputOf, type OperationName, type SavedExport } from '@contract';
import { downloadBlob, timestampForFile } from '../components/download';
import { BridgeError } from './api-error';
import { openEventStream, type StreamState } from './event-stream';
import { httpCallFor } from './http-request';

export interface HttpBridgeOptions {
  /** API origin; '' means the page's own. */
  baseUrl: string;
  token: string | null;
  onStreamState: (state: StreamState, detail?: { retryAt: number; reason: string }) => void;
  /**
   * Called once, the first time the server answers 401 (to a call or to the event stream):
   * the token was replaced while the page was open. From then on the bridge sends nothing.
   */
  onTokenRefused: () => void;
  /** Hands a finished export to the browser as a download (tests collect it instead). */
  saveDownload?: (filename: string, blob: Blob) => void;
}

async function readError(res: Response): Promise<BridgeError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } };
    if (body.error?.code && body.error.message) {
      return new BridgeError({ code: body.error.code, message: body.error.message, issues: body.error.issues });
    }
  } catch {
    /* not our JSON */
  }
  return new BridgeError({ code: `http_${res.status}`, message: `The server answered ${res.status} ${res.statusText}.` });
}

/** The contract over HTTP + SSE, for the renderer served by `hookbay serve`. */
export function createHttpBridge(options: HttpBridgeOptions): HookbayBridge {
  let refused = false;
  let closeStream: (() => void) | null = null;
  const refuse = () => {
    if (refused) return;
    refused = true;
    closeStream?.();
    closeStream = null;
    options.onTokenRefused();
  };
  /** After a refusal every call fails at once, with the error the server gave, instead of asking again. */
  const refusedError = () => new BridgeError({ code: 'unauthorized', message: 'The API token was refused: open the Inspector URL that `hookbay serve` printed.' });
  const failed = async (res: Response): Promise<BridgeError> => {
    if (res.status === 401) refuse();
    return readError(res);
  };

  const call = async (name: OperationName, input: unknown): Promise<unknown> => {
    if (refused) throw refusedError();
    const { method, url, body } = httpCallFor(name, input);
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(options.baseUrl + url, { method, headers, body, cache: 'no-store' });
    } catch (err) {
      throw new BridgeError({
        code: 'network',
        message: `Cannot reach Hookbay (${err instanceof Error ? err.message : String(err)}). Is \`hookbay serve\` still running?`,
      });
    }
    if (!res.ok) throw await failed(res);
    return res.json();
  };

  /**
   * "Save export" in a browser: the streamed export (`POST /api/export/{har,json}`) becomes a
   * download. The response goes into a Blob, which the browser holds outside the page's heap
   * (on disk when large): no string of the whole document, no JSON.parse of it. The server's
   * own `saveExport` route would write on the server's disk, which is not what a browser user
   * asks for.
   */
  const saveExport = async ({ format, ...selection }: InputOf<'saveExport'>): Promise<SavedExport> => {
    if (refused) throw refusedError();
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const op = format === 'har' ? 'exportHar' : 'exportJson';
    let res: Response;
    try {
      res = await fetch(options.baseUrl + contract[op].http.path, { method: 'POST', headers, body: JSON.stringify(selection), cache: 'no-store' });
    } catch (err) {
      throw new BridgeError({ code: 'network', message: `Cannot reach Hookbay (${err instanceof Error ? err.message : String(err)}).` });
    }
    if (!res.ok) throw await failed(res);
    let blob: Blob;
    try {
      blob = await res.blob();
    } catch (err) {
      // The server can only abort a stream that fails after its first byte: the file would be cut short.
      throw new BridgeError({ code: 'network', message: `The export stopped before it was complete (${err instanceof Error ? err.message : String(err)}).` });
    }
    const file = `hookbay-${timestampForFile()}.${format}`;
    (options.saveDownload ?? downloadBlob)(file, new Blob([blob], { type: 'application/json' }));
    return { saved: true, file, bytes: blob.size };
  };

  const api = Object.fromEntries(
    (Object.keys(contract) as OperationName[]).map((name) => [name, (input: unknown) => call(name, input)]),
  ) as unknown as HookbayApi;

  const listeners = new Set<(event: HookbayEvent) => void>();

  return {
    ...api,
    saveExport,
    onEvent(listener) {
      listeners.add(listener);
      if (!refused) closeStream ??= openEventStream({
        url: `${options.baseUrl}/api/events`,
        token: options.token,
        onEvent: (event) => {
          for (const l of listeners) l(event);
        },
        onState: options.onStreamState,
        onTokenRefused: refuse,
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && closeStream) {
          closeStream();
          closeStream = null;
        }
      };
    },
  };
}
