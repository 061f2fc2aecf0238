import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TunnelState } from '@contract';
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

export function TunnelBar() {
  const { tunnel } = useStores();
  const { status, busy, error } = useTunnel(useShallow((s) => ({ status: s.status, busy: s.busy, error: s.error })));
  const [subdomain, setSubdomain] = useState('');
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
      {!running && (
        <input
          className="subdomain-input"
          placeholder="subdomain (optional)"
          value={subdomain}
          onChange={(e) => setSubdomain(e.target.value)}
          aria-label="Requested subdomain"
        />
      )}
      <button
        type="button"
        disabled={busy}
        // Restarting keeps the server the tunnel was using (`--tunnel-host`, a self-hosted one).
        onClick={() =>
          void tunnel.set(running ? { enabled: false } : { enabled: true, ...(status?.host ? { host: status.host } : {}), ...(subdomain ? { subdomain } : {}) })
        }
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
