import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../stores/use-action';
import { useRequestList, useStores } from '../stores/use-stores';
import { saveExport } from './transfer';

/** Actions on the ticked rows. */
export function BulkBar() {
  const { requestList, notices, transfer } = useStores();
  const checked = useRequestList((s) => s.checked);
  const [url, setUrl] = useState('');
  const [resign, setResign] = useState(false);
  const replay = useAction(async (toUrl: boolean) => {
    const result = await requestList.replayChecked({ resign, ...(toUrl && url ? { url } : {}) });
    notices.show(`Replayed ${result.replayed.length} request${result.replayed.length === 1 ? '' : 's'}`);
  });
  const exporting = useAction(saveExport(transfer, notices));
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(async () => {
    const deleted = await requestList.deleteChecked();
    setConfirming(false);
    notices.show(`Deleted ${deleted} request${deleted === 1 ? '' : 's'}`);
  });
  if (checked.size === 0) return null;
  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <strong>{checked.size} selected</strong>
      <button type="button" disabled={replay.busy} onClick={() => void replay.run(false)}>
        Replay to targets
      </button>
      <input
        type="url"
        placeholder="or another URL: http://localhost:3000/hook"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        aria-label="Replay selection to URL"
      />
      <button type="button" disabled={replay.busy || !url} onClick={() => void replay.run(true)}>
        Replay to URL
      </button>
      <label className="inline-check">
        <input type="checkbox" checked={resign} onChange={(e) => setResign(e.target.checked)} /> re-sign
      </label>
      <button type="button" disabled={exporting.busy} onClick={() => void exporting.run('har')}>
        Export HAR
      </button>
      <button type="button" disabled={exporting.busy} onClick={() => void exporting.run('json')}>
        Export JSON
      </button>
      {confirming ? (
        <span className="confirm-inline" role="group" aria-label="Confirm deletion" data-testid="bulk-delete-confirm">
          Delete {checked.size} request{checked.size === 1 ? '' : 's'} for good?
          <button type="button" className="danger" disabled={remove.busy} onClick={() => void remove.run()}>
            Delete {checked.size}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="link-button danger" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      <button type="button" className="link-button" onClick={() => requestList.clearChecked()}>
        Clear selection
      </button>
      <ErrorNote error={remove.error} onDismiss={remove.clearError} />
      <ErrorNote error={replay.error} onDismiss={replay.clearError} />
      <ErrorNote error={exporting.error} onDismiss={exporting.clearError} />
    </div>
  );
}
