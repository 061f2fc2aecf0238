import { useState } from 'react';
import type { RequestDetail } from '@contract';
import { ErrorNote } from '../../components/ErrorNote';
import { Popover } from '../../components/Popover';
import { useAction } from '../../stores/use-action';
import { useEndpoints, useStores } from '../../stores/use-stores';
import { replayedNotice } from './replayed-notice';

export function ReplayControls({ detail }: { detail: RequestDetail }) {
  const [url, setUrl] = useState('');
  const [resign, setResign] = useState(false);
  const { requestDetail, notices, ui } = useStores();
  const replay = useAction(async (toUrl: string | null) => {
    const result = await requestDetail.replay({ id: detail.id, resign, ...(toUrl ? { url: toUrl } : {}) });
    notices.show(replayedNotice(result));
  });
  const hasTargets = useEndpoints((s) => s.endpoints.find((e) => e.id === detail.endpointId)?.forward.some((t) => t.enabled) ?? false);
  return (
    <div className="replay-controls">
      <button
        type="button"
        disabled={replay.busy || !hasTargets}
        data-testid="replay-targets"
        title={hasTargets ? 'Send again to the endpoint’s forward targets' : 'This endpoint has no forward targets: replay to a URL, or add a target to the endpoint'}
        onClick={() => void replay.run(null)}
      >
        Replay
      </button>
      <Popover label="to URL" testId="replay-url-menu" align="right">
        {(close) => (
          <form
            className="replay-url-form"
            onSubmit={(e) => {
              e.preventDefault();
              close();
              void replay.run(url);
            }}
          >
            <label>
              Replay to
              <input type="url" required placeholder="http://localhost:3000/webhooks" value={url} onChange={(e) => setUrl(e.target.value)} />
            </label>
            <button type="submit" className="primary">
              Send
            </button>
          </form>
        )}
      </Popover>
      <button type="button" data-testid="edit-and-replay" onClick={() => ui.open({ kind: 'replay-editor', requestId: detail.id })}>
        Edit and replay…
      </button>
      <label className="inline-check" title="Sign again with the endpoint’s secret and a fresh timestamp">
        <input type="checkbox" checked={resign} onChange={(e) => setResign(e.target.checked)} /> re-sign
      </label>
      <ErrorNote error={replay.error} onDismiss={replay.clearError} />
    </div>
  );
}
