import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TunnelProvider, TunnelSettings, TunnelState, TunnelStatus } from '@contract';
import { CopyButton } from '../components/CopyButton';
import { useCountdownTo as useCountdown } from '../components/use-countdown';
import { ErrorNote } from '../components/ErrorNote';
import { useConnection, useStores, useTunnel } from '../stores/use-stores';

const STATE_LABEL = {
  off: 'Tunnel off',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting',
  error: 'Tunnel error',
} as const satisfies Record<TunnelState, string>;

const PROVIDER_LABEL = {
  localtunnel: 'localtunnel',
  hookbay: 'Hookbay server',
  ngrok: 'ngrok',
  cloudflared: 'cloudflared',
} as const satisfies Record<TunnelProvider, string>;

interface ProviderFields {
  host: string;
  token: string;
  subdomain: string;
  domain: string;
  tunnelName: string;
}

/**
 * The settings a start sends. Blank secret and provider options are left out: the server keeps
 * the saved ones for the same provider (the UI never gets a token back). Restarting localtunnel
 * keeps the server it was using (`--tunnel-host`, a self-hosted one).
 */
function startSettings(provider: TunnelProvider, f: ProviderFields, status: TunnelStatus | null): TunnelSettings {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  switch (provider) {
    case 'localtunnel': {
      const host = status?.provider === 'localtunnel' ? status.host : undefined;
      return { enabled: true, provider, ...(host ? { host } : {}), ...(opt(f.subdomain) ? { subdomain: opt(f.subdomain) } : {}) };
    }
    case 'hookbay':
      return { enabled: true, provider, host: f.host.trim(), token: opt(f.token), subdomain: opt(f.subdomain) };
    case 'ngrok':
      return { enabled: true, provider, authtoken: opt(f.token), domain: opt(f.domain) };
    case 'cloudflared':
      return { enabled: true, provider, tunnelName: opt(f.tunnelName), domain: opt(f.domain) };
  }
}

export function TunnelBar() {
  const { tunnel } = useStores();
  const { status, busy, error } = useTunnel(useShallow((s) => ({ status: s.status, busy: s.busy, error: s.error })));
  const [chosen, setProvider] = useState<TunnelProvider | null>(null);
  const provider = chosen ?? status?.provider ?? 'localtunnel';
  const [fields, setFields] = useState<ProviderFields>({ host: '', token: '', subdomain: '', domain: '', tunnelName: '' });
  const field = (name: keyof ProviderFields, label: string, placeholder: string, type = 'text') => (
    <input
      className={`tunnel-input tunnel-${name}`}
      type={type}
      placeholder={placeholder}
      value={fields[name] || (name === 'host' && status?.provider === 'hookbay' ? status.host : '')}
      onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      aria-label={label}
    />
  );
  const countdown = useCountdown(status?.state === 'reconnecting' ? status.nextRetryAt : null);
  const state = status?.state ?? 'off';
  const running = state !== 'off' && state !== 'error';
  return (
    <div className={`tunnel-bar state-${state}`} data-testid="tunnel-bar">
      <span className={`tunnel-dot ${state}`} aria-hidden="true" />
      <span className="tunnel-state" data-testid="tunnel-state">
        {STATE_LABEL[state]}
        {state === 'reconnecting' && countdown !== null && ` in ${countdown} s`}
        {status?.attempt && state === 'reconnecting' ? ` (attempt ${status.attempt})` : ''}
      </span>
      {status?.url && state === 'online' && (
        <span className="tunnel-url">
          <code>{status.url}</code>
          <CopyButton text={status.url} className="small" />
        </span>
      )}
      {status?.reason && (state === 'error' || state === 'reconnecting') && <span className="tunnel-reason">{status.reason}</span>}
      {status?.urlChanged && (
        <span className="tunnel-warning" role="alert">
          The public URL changed: update it in your providers’ webhook settings.
        </span>
      )}
      {running && status && <span className="tunnel-provider">{PROVIDER_LABEL[status.provider ?? 'localtunnel']}</span>}
      {!running && (
        <>
          <select value={provider} onChange={(e) => setProvider(e.target.value as TunnelProvider)} aria-label="Tunnel provider">
            {Object.entries(PROVIDER_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {provider === 'hookbay' && field('host', 'Tunnel server URL', 'https://tunnels.example.com')}
          {provider === 'hookbay' && field('token', 'Access token', 'access token (blank: saved)', 'password')}
          {(provider === 'localtunnel' || provider === 'hookbay') && (
            <input
              className="subdomain-input"
              placeholder="subdomain (optional)"
              value={fields.subdomain}
              onChange={(e) => setFields({ ...fields, subdomain: e.target.value })}
              aria-label="Requested subdomain"
            />
          )}
          {provider === 'ngrok' && field('token', 'ngrok authtoken', 'authtoken (blank: saved or NGROK_AUTHTOKEN)', 'password')}
          {provider === 'ngrok' && field('domain', 'Reserved domain', 'reserved domain (optional)')}
          {provider === 'cloudflared' && field('tunnelName', 'Named tunnel', 'named tunnel (blank: quick tunnel)')}
          {provider === 'cloudflared' && field('domain', 'Named tunnel hostname', 'its hostname, e.g. hooks.example.com')}
        </>
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          if (running) return void tunnel.set({ enabled: false });
          const host = fields.host || (status?.provider === 'hookbay' ? status.host : '');
          void tunnel.set(startSettings(provider, { ...fields, host }, status));
        }}
      >
        {running ? 'Stop tunnel' : 'Start tunnel'}
      </button>
      <ErrorNote error={error} onDismiss={() => tunnel.dismissError()} />
    </div>
  );
}

export function ConnectionStatus() {
  const { stream, retryAt, reason, transport } = useConnection(
    useShallow((s) => ({ stream: s.stream, retryAt: s.retryAt, reason: s.reason, transport: s.transport })),
  );
  const countdown = useCountdown(stream === 'lost' ? retryAt : null);
  if (transport !== 'http' || stream === 'open') return null;
  return (
    <span className="connection-status" role="status" data-testid="connection-status">
      {stream === 'connecting' ? 'Connecting to Hookbay…' : `Live updates lost (${reason ?? 'disconnected'}); retrying in ${countdown ?? 0} s`}
    </span>
  );
}
