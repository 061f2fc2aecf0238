import { VERSION } from '../version';
import type { Handlers } from '../../contract';
import { notImplemented } from '../errors';
import type { Hookbay } from '../hookbay';
import { endpointHandlers } from './endpoints';
import { relayHandlers } from './relay';
import { requestHandlers } from './requests';

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
    verifyRequest: pending('Signature verification'),
    ...relayHandlers(app),
    listSampleEvents: pending('Sample events'),
    sendTestEvent: pending('Test events'),
    getTunnel: pending('The tunnel'),
    setTunnel: pending('The tunnel'),
  };
}
