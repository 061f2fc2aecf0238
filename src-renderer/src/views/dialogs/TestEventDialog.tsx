import { useEffect, useMemo, useState } from 'react';
import type { ApiError, SampleEvent } from '@contract';
import { toApiError } from '../../bridge/api-error';
import { CodeEditor } from '../../components/CodeEditor';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useAction } from '../../stores/use-action';
import { useEndpoints, useStores } from '../../stores/use-stores';

const keyOf = (s: SampleEvent) => `${s.provider}\u0000${s.eventType}`;

/** Samples grouped by provider, the endpoint's own scheme first, so its events are the ones offered. */
export function samplesFor(samples: readonly SampleEvent[], scheme: string | undefined): [string, SampleEvent[]][] {
  const groups = new Map<string, SampleEvent[]>();
  for (const s of samples) groups.set(s.provider, [...(groups.get(s.provider) ?? []), s]);
  const own = (events: SampleEvent[]) => events.some((e) => e.scheme === scheme);
  return [...groups].sort(([, a], [, b]) => Number(own(b)) - Number(own(a)));
}

/** Sends a realistic, signed sample event of a seed provider to an endpoint. */
export function TestEventDialog({ endpointId }: { endpointId: string | null }) {
  const { endpoints, requestList, notices, ui } = useStores();
  const list = useEndpoints((s) => s.endpoints);
  const [target, setTarget] = useState(endpointId ?? list[0]?.id ?? '');
  const [samples, setSamples] = useState<SampleEvent[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [chosen, setChosen] = useState('');
  const [body, setBody] = useState('');
  const [tamper, setTamper] = useState(false);
  const choose = (next: SampleEvent | undefined) => {
    if (!next) return;
    setChosen(keyOf(next));
    setBody(next.body);
  };

  useEffect(() => {
    // Loaded once; the endpoint chosen at opening picks the first sample.
    endpoints
      .sampleEvents()
      .then(
        (s) => {
          setSamples(s);
          const scheme = endpoints.getState().endpoints.find((e) => e.id === target)?.verify?.scheme;
          choose(samplesFor(s, scheme)[0]?.[1][0]);
        },
        (err: unknown) => setLoadError(toApiError(err)),
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const endpoint = list.find((e) => e.id === target);
  const byProvider = useMemo(() => samplesFor(samples ?? [], endpoint?.verify?.scheme), [samples, endpoint?.verify?.scheme]);
  const sample = samples?.find((s) => keyOf(s) === chosen);
  // Tampering needs a signature to tamper with.
  const signs = Boolean(endpoint?.verify?.secrets.length);

  const send = useAction(async () => {
    if (!sample) return;
    const result = await endpoints.sendTestEvent({
      id: target,
      provider: sample.provider,
      eventType: sample.eventType,
      tamper: tamper && signs,
      ...(body !== sample.body ? { body } : {}),
    });
    notices.show(`Sent ${sample.eventType}: the receiver answered ${result.status}`);
    if (result.requestId !== null) requestList.select(result.requestId);
    ui.close();
  });

  return (
    <Dialog title="Send a test event" onClose={() => ui.close()} wide testId="test-event-dialog">
      {loadError ? (
        <ErrorNote error={loadError} />
      ) : !samples ? (
        <p className="muted">Loading samples…</p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void send.run();
          }}
        >
          <div className="form-grid">
            <label className="field">
              <span className="label-text">Endpoint</span>
              <select
                value={target}
                data-testid="test-event-endpoint"
                onChange={(e) => {
                  setTarget(e.target.value);
                  // Switching endpoints offers the new endpoint's own provider first.
                  const scheme = list.find((x) => x.id === e.target.value)?.verify?.scheme;
                  if (samples) choose(samplesFor(samples, scheme)[0]?.[1][0]);
                }}
              >
                {list.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name} ({e.verify ? e.verify.scheme : 'no scheme'})
                  </option>
                ))}
              </select>
            </label>
            <label className="field span-2">
              <span className="label-text">Event</span>
              <select
                value={chosen}
                data-testid="test-event-sample"
                onChange={(e) => {
                  setChosen(e.target.value);
                  const next = samples.find((s) => keyOf(s) === e.target.value);
                  if (next) setBody(next.body);
                }}
              >
                {byProvider.map(([provider, events]) => (
                  <optgroup key={provider} label={provider}>
                    {events.map((s) => (
                      <option key={keyOf(s)} value={keyOf(s)}>
                        {s.eventType} — {s.description}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
          </div>
          {sample && (
            <p className="muted small-text" data-testid="test-event-signing">
              {endpoint?.verify?.secrets.length ? (
                <>
                  Signed with the endpoint’s secret as <strong>{endpoint.verify.scheme === 'auto' ? sample.scheme : endpoint.verify.scheme}</strong>
                  {endpoint.verify.scheme !== 'auto' && endpoint.verify.scheme !== sample.scheme && ` (this sample comes from ${sample.provider})`}.
                </>
              ) : (
                'Sent unsigned: give the endpoint a scheme and a secret to see it verified.'
              )}
            </p>
          )}
          <CodeEditor value={body} onChange={setBody} json label="Event body" testId="test-event-body" rows={12} />
          <div className="form-actions">
            {signs && (
              <label className="inline-check" title="Send a wrong signature to see how a failure looks">
                <input type="checkbox" checked={tamper} onChange={(e) => setTamper(e.target.checked)} /> Tamper with the signature
              </label>
            )}
            <span className="spacer" />
            <button type="button" onClick={() => ui.close()}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={send.busy || !sample} data-testid="test-event-send">
              {send.busy ? 'Sending…' : 'Send'}
            </button>
          </div>
          <ErrorNote error={send.error} />
        </form>
      )}
    </Dialog>
  );
}
