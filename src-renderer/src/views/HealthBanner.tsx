import { useShallow } from 'zustand/react/shallow';
import { useHealth, useStores } from '../stores/use-stores';

/**
 * One line at the top of the inspector when something needs the user: storage failing
 * (captures are refused with 503 until a write succeeds), the relay paused (safe mode), or
 * a background problem the core turned into an outcome. Nothing when all is well.
 */
export function HealthBanner() {
  const { health: store } = useStores();
  const { health, recent, busy, error } = useHealth(
    useShallow((s) => ({ health: s.health, recent: s.recent, busy: s.busy, error: s.error })),
  );
  const storage = health?.problems.filter((p) => p.kind === 'storage') ?? [];
  const paused = health?.relay === 'paused';
  if (storage.length === 0 && !paused && recent.length === 0) return null;
  return (
    <div className="health-banner" role="status" data-testid="health-banner">
      {storage.map((p) => (
        <p key={`storage-${p.at}`} className="health-line tone-error" data-testid="health-storage">
          {p.message}
        </p>
      ))}
      {paused && (
        <p className="health-line tone-warn" data-testid="health-relay-paused">
          The relay is paused (safe mode): captures are stored and their forwards wait.{' '}
          <button type="button" disabled={busy} onClick={() => void store.resumeRelay()} data-testid="resume-relay">
            Resume relay
          </button>
          {error && <span className="warn-text"> {error.message}</span>}
        </p>
      )}
      {recent.map((p) => (
        <p key={`${p.at}-${p.message}`} className="health-line tone-warn" data-testid="health-problem">
          {p.message}{' '}
          <button type="button" onClick={() => store.dismiss(p)} aria-label="Dismiss">
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
