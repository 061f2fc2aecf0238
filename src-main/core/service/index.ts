import type { Handlers } from '../../contract';
import { VERSION } from '../version';
import type { CoreContext } from './context';
import { endpointHandlers } from './endpoints';
import { relayHandlers, type RelayHandlerOptions } from './relay';
import { requestHandlers } from './requests';
import { signatureHandlers } from './signatures';
import { tunnelHandlers } from './tunnel';

export type { CoreContext } from './context';
export { streamedHandlers, type StreamedHandlers } from './relay';

/** Every contract operation, implemented over the core. Both transports serve this. */
export function createHandlers(app: CoreContext, options: RelayHandlerOptions = {}): Handlers {
  return {
    health: async () => app.problems.health(),
    pauseRelay: async () => {
      app.relay.pause();
      return app.problems.health();
    },
    resumeRelay: async () => {
      app.relay.resume();
      return app.problems.health();
    },
    getInfo: async () => ({
      version: VERSION,
      receiverUrl: app.receiverUrl,
      dataDir: app.config.dataDir,
      secretStorage: app.secretStorage,
      mode: app.mode,
    }),
    ...endpointHandlers(app),
    ...requestHandlers(app),
    ...relayHandlers(app, options),
    ...signatureHandlers(app),
    ...tunnelHandlers(app),
  };
}
