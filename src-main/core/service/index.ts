import { VERSION } from '../version';
import type { Handlers } from '../../contract';
import { notImplemented } from '../errors';
import type { Hookbay } from '../hookbay';
import { endpointHandlers } from './endpoints';
import { requestHandlers } from './requests';
import { signatureHandlers } from './signatures';

/** Every contract operation, implemented over the core. Both transports serve this. */
export function createHandlers(app: Hookbay): Handlers {
  const pending = (what: string) => async () => {
    throw notImplemented(what);
  };
  return {
    health: async () => ({ ok: true as const, version: VERSION }),
    getInfo: async () => ({
      version: VERSION,
      receiverUrl: app.receiverUrl,
      dataDir: app.config.dataDir,
      secretStorage: app.secretStorage,
      mode: app.mode,
    }),
    ...endpointHandlers(app),
    ...requestHandlers(app),
    replayRequest: pending('Replay'),
    replayMany: pending('Bulk replay'),
    retryDelivery: pending('Retrying deliveries'),
    retryFailed: pending('Retrying deliveries'),
    getCurl: pending('cURL export'),
    exportHar: pending('HAR export'),
    exportJson: pending('JSON export'),
    importHar: pending('HAR import'),
    ...signatureHandlers(app),
    getTunnel: pending('The tunnel'),
    setTunnel: pending('The tunnel'),
  };
}
