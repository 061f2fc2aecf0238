/**
 * The core's thread (issue 16): a worker_threads worker inside the main process runs the
 * whole core — receiver, store, relay, tunnel — and serves the contract through the same
 * guard as every transport (`callOperation`, zod parse first), so the main thread keeps only
 * shell work. No Electron import: the host starts this file under Electron or plain Node.
 */
import { workerData } from 'node:worker_threads';
import type { OperationName } from '../contract';
import { Hookbay } from '../core/hookbay';
import type { LogFields, Logger } from '../core/log/logger';
import { createHandlers } from '../core/service';
import { DataDirOwned } from '../core/store/data-dir-owner';
import { callOperation, isOperationName } from '../core/transport';
import { cloneableFields, remoteSecretCodec, type CoreWorkerData, type FromCore, type ToCore } from './core-protocol';

const data = workerData as CoreWorkerData;

// A bug here must end in the host's crash-restart path (core-host.ts), never in a core that
// limps on in an unknown state. An uncaught exception already ends the worker; a rejection
// nobody handles does too under Node's default, but Electron runs with
// --unhandled-rejections=warn-with-error-code, under which it would only print a warning.
// Rethrown, it becomes an uncaught exception whatever the mode: the worker ends, the host
// logs it ("core crashed") and starts a new core on the same data.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(`unhandled promise rejection: ${String(reason)}`);
});
const port = data.port;
const send = (msg: FromCore) => port.postMessage(msg);

/** Lines go to the shell's log (the file is opened once, on the main thread). */
function portLogger(bindings: LogFields = {}): Logger {
  const line = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string, fields?: LogFields) =>
    send({ t: 'log', level, message, fields: cloneableFields({ ...bindings, ...fields }) });
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    child: (more) => portLogger({ ...bindings, ...more }),
    location: 'the desktop log',
  };
}

const DESKTOP_OWNED_HINT = 'stop it (Ctrl-C where it runs) and open Hookbay again, or start Hookbay with HOOKBAY_DATA set to another directory';

const ENDPOINT_WRITES = new Set(['createEndpoint', 'updateEndpoint', 'deleteEndpoint']);

async function main(): Promise<void> {
  const log = portLogger();
  const secrets = data.secrets ? remoteSecretCodec(data.secrets.description, data.secrets.port, data.secrets.buffer) : undefined;
  let core: Hookbay;
  try {
    core = await Hookbay.start(data.config, { mode: data.mode, logger: log, restoreTunnel: data.restoreTunnel, ...(secrets ? { secrets } : {}) });
  } catch (err) {
    // `hookbay serve` (or listen) runs on this data: worded for the desktop app's user.
    const e = err instanceof DataDirOwned ? new DataDirOwned(err.dataDir, err.owner, DESKTOP_OWNED_HINT) : (err as NodeJS.ErrnoException);
    send({ t: 'startFailed', error: { message: e.message, ...(e.code ? { code: e.code } : {}) } });
    return;
  }
  // The save dialog of `saveExport` is on the main thread: ask it, and write here, in slices.
  const chosen = new Map<number, (file: string | null) => void>();
  let nextChoice = 1;
  const chooseExportFile = (suggestedName: string) =>
    new Promise<string | null>((resolve) => {
      const id = nextChoice++;
      chosen.set(id, resolve);
      send({ t: 'chooseExportFile', id, suggestedName });
    });
  const handlers = createHandlers(core, data.asksExportFile ? { chooseExportFile } : {});
  const secretValues = () => [...core.secretValues()];
  core.events.subscribe((event) => send({ t: 'event', event }));
  port.on('message', (msg: ToCore) => {
    if (msg.t === 'call') {
      const name = msg.name;
      if (!isOperationName(name)) {
        send({ t: 'result', id: msg.id, result: { ok: false, status: 404, error: { code: 'not_found', message: `No operation ${name}.` } } });
        return;
      }
      void callOperation(handlers, name as OperationName, msg.input, log).then((result) => {
        // Secrets first: once the caller has its answer, the log already redacts the new secret.
        if (ENDPOINT_WRITES.has(name)) send({ t: 'secrets', values: secretValues() });
        send({ t: 'result', id: msg.id, result });
      });
    } else if (msg.t === 'exportFileChosen') {
      chosen.get(msg.id)?.(msg.file);
      chosen.delete(msg.id);
    } else if (msg.t === 'reencryptSecrets') {
      // Secrets saved before encryption was available: rewriting the endpoint encrypts them.
      for (const ep of core.endpoints.all()) if (ep.verify) core.endpoints.update(ep.id, {});
    } else if (msg.t === 'close') {
      void core.close().then(() => {
        send({ t: 'closed' });
        port.close();
      });
    }
  });
  send({
    t: 'ready',
    receiverUrl: core.receiverUrl,
    receiverPort: core.receiverPort,
    dataDir: core.config.dataDir,
    secretStorage: core.secretStorage,
    secretValues: secretValues(),
  });
}

void main();
