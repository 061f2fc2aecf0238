import type { TunnelSettings } from '../../../contract/tunnel';
import type { ExternalProvider, ExternalTunnel, Ingress } from '../provider';
import { openCloudflared } from './cloudflared';
import { openNgrok } from './ngrok';

/** Opens an ngrok or cloudflared tunnel to the ingress; rejects with a `ProviderError` naming the fix. */
export function openExternal(provider: ExternalProvider, settings: TunnelSettings, ingress: Ingress, timeoutMs: number, signal: AbortSignal): Promise<ExternalTunnel> {
  switch (provider) {
    case 'ngrok':
      return openNgrok(settings, ingress, signal);
    case 'cloudflared':
      return openCloudflared(settings, ingress, timeoutMs, signal);
  }
}
