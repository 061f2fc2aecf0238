import { useNotices, useStores } from '../stores/use-stores';

export function Notices() {
  const { notices } = useStores();
  const list = useNotices((s) => s.notices);
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {list.map((n) => (
        <div key={n.id} className={`notice tone-${n.tone}`} role="status">
          {n.text}
          <button type="button" className="link-button" aria-label="Dismiss" onClick={() => notices.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
