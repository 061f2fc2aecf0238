import type { Handlers } from '../../contract';
import { TUNNEL_SETTINGS_KEY } from '../tunnel/settings';
import type { CoreContext } from './context';

export function tunnelHandlers(app: Pick<CoreContext, 'tunnel' | 'settings'>): Pick<Handlers, 'getTunnel' | 'setTunnel'> {
  return {
    getTunnel: async () => app.tunnel.status,
    setTunnel: async (settings) => {
      // Saved first, so the tunnel comes back at the next launch even if this one is still connecting.
      app.settings.set(TUNNEL_SETTINGS_KEY, settings);
      if (!settings.enabled) return app.tunnel.stop();
      // Answer with `connecting` at once; the outcome reaches the UI as `tunnel.status` events
      // (start() never rejects: failures are in the status).
      void app.tunnel.start(settings);
      return app.tunnel.status;
    },
  };
}
