import type { Handlers, TunnelSettings } from '../../contract';
import type { CoreContext } from './context';

/**
 * The UI never gets an access token back, so a restart does not send it: an absent `token` or
 * `authtoken` keeps the saved one when the provider (and, for `hookbay`, the server) is the
 * same, like a password field left blank. ngrok's domain and cloudflared's named tunnel are kept
 * the same way. Stopping keeps the options, so the next start needs only the provider.
 */
function withSaved(settings: TunnelSettings, saved: Partial<TunnelSettings> | undefined): TunnelSettings {
  if (!saved || typeof saved !== 'object') return settings;
  if (!settings.enabled) return { ...saved, enabled: false } as TunnelSettings;
  const provider = settings.provider ?? 'localtunnel';
  if ((saved.provider ?? 'localtunnel') !== provider) return settings;
  const next = { ...settings };
  if (provider === 'hookbay' && next.token === undefined && saved.host === settings.host) next.token = saved.token;
  if (provider === 'ngrok') {
    next.authtoken ??= saved.authtoken;
    next.domain ??= saved.domain;
  }
  if (provider === 'cloudflared') {
    next.tunnelName ??= saved.tunnelName;
    next.domain ??= saved.domain;
    next.binary ??= saved.binary;
  }
  return next;
}

export function tunnelHandlers(app: Pick<CoreContext, 'tunnel' | 'saveTunnelSettings' | 'loadTunnelSettings'>): Pick<Handlers, 'getTunnel' | 'setTunnel'> {
  return {
    getTunnel: async () => app.tunnel.status,
    setTunnel: async (input) => {
      const settings = withSaved(input, app.loadTunnelSettings() as Partial<TunnelSettings> | undefined);
      // Saved first, so the tunnel comes back at the next launch even if this one is still connecting.
      app.saveTunnelSettings(settings);
      if (!settings.enabled) return app.tunnel.stop();
      // Answer with `connecting` at once; the outcome reaches the UI as `tunnel.status` events
      // (start() never rejects: failures are in the status).
      void app.tunnel.start(settings);
      return app.tunnel.status;
    },
  };
}
