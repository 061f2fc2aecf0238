import { useEffect, useState } from 'react';
import type { ApiError, DeliveryAttempt, RequestDetail } from '@contract';
import { toApiError } from '../../bridge/api-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { SafeText } from '../../components/SafeText';
import { base64ToBytes, decodeLossy, prettyJson } from '../../format/body';
import { diffLines } from '../../format/line-diff';
import { useStores } from '../../stores/use-stores';

/** The last answer a request got from its first target, as comparable text. */
function lastResponse(d: RequestDetail): { attempt: DeliveryAttempt | null; text: string } {
  const attempt = d.deliveries[0]?.attempts.at(-1) ?? null;
  if (!attempt) return { attempt: null, text: '' };
  const body = attempt.responseBodyBase64 ? decodeLossy(base64ToBytes(attempt.responseBodyBase64)) : '';
  const head = [`HTTP ${attempt.status ?? attempt.errorClass ?? 'error'}`, ...(attempt.responseHeaders ?? []).map(([k, v]) => `${k}: ${v}`)];
  return { attempt, text: `${head.join('\n')}\n\n${prettyJson(body) ?? body}` };
}

export function CompareDialog({ leftId, rightId }: { leftId: number; rightId: number }) {
  const [pair, setPair] = useState<[RequestDetail, RequestDetail] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { requestDetail, ui } = useStores();
  useEffect(() => {
    Promise.all([requestDetail.fetch(leftId), requestDetail.fetch(rightId)]).then(
      (p) => setPair(p),
      (err: unknown) => setError(toApiError(err)),
    );
  }, [requestDetail, leftId, rightId]);
  let content = <p className="muted">Loading…</p>;
  if (error) content = <ErrorNote error={error} />;
  else if (pair) {
    const left = lastResponse(pair[0]);
    const right = lastResponse(pair[1]);
    const lines = diffLines(left.text, right.text);
    const same = lines.every((l) => l.kind === 'same');
    content = (
      <div data-testid="compare-view">
        <p className="muted small-text">
          #{leftId} (original) vs #{rightId} (replay), last attempt to the first target.{' '}
          {!left.attempt || !right.attempt ? 'One side has no delivery attempt yet.' : same ? 'The responses are identical.' : ''}
        </p>
        <pre className="diff-view">
          {lines.map((l, i) => (
            <div key={i} className={`diff-line diff-${l.kind}`}>
              <span className="diff-sign">{l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}</span>
              <SafeText text={l.text} />
            </div>
          ))}
        </pre>
      </div>
    );
  }
  return (
    <Dialog title={`Compare responses: #${leftId} and #${rightId}`} onClose={() => ui.close()} wide testId="compare-dialog">
      {content}
    </Dialog>
  );
}
