import { useEffect, useMemo, useState } from 'react';
import { ReplayInput, pathAfterSlug, replayUrls, type ApiError, type Endpoint, type ReplayRequest, type RequestDetail } from '@contract';
import { issuesAt, toApiError } from '../../bridge/api-error';
import { CodeEditor } from '../../components/CodeEditor';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldErrors } from '../../components/ErrorNote';
import { base64ToBytes, bytesToBase64, decodeText, headerValue, mediaTypeOf } from '../../format/body';
import { headersToText, textToHeaders, withoutFramingHeaders } from '../../format/header-text';
import { useAction } from '../../stores/use-action';
import { useEndpoints, useStores } from '../../stores/use-stores';
import { replayedNotice } from '../detail/replayed-notice';

function zodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): ApiError {
  return {
    code: 'invalid_input',
    message: 'Fix the highlighted fields.',
    issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/** Null while the typed URL or path cannot be parsed; the form's own validation says why. */
function previewUrls(endpoint: Endpoint | null, req: ReplayRequest, adHocUrl: string, pathEdited: boolean): string[] | null {
  if (!endpoint || !req.target.startsWith('/')) return null;
  try {
    return replayUrls(endpoint, req, adHocUrl || null, pathEdited);
  } catch {
    return null;
  }
}

function Editor({ detail }: { detail: RequestDetail }) {
  const original = useMemo(() => base64ToBytes(detail.bodyBase64), [detail.bodyBase64]);
  const originalText = useMemo(() => decodeText(original), [original]);
  const [method, setMethod] = useState(detail.method);
  const endpoint = useEndpoints((s) => s.endpoints.find((e) => e.id === detail.endpointId) ?? null);
  // The field holds the path after the endpoint's slug, as the relay forwards it; left as is,
  // the replay keeps the original's path and reaches exactly what plain Replay reaches.
  const originalPath = useMemo(
    () => (endpoint ? pathAfterSlug(detail.path, endpoint) : detail.path) + (detail.query ? `?${detail.query}` : ''),
    [detail.path, detail.query, endpoint],
  );
  const [path, setPath] = useState(originalPath);
  const [url, setUrl] = useState('');
  const [headersText, setHeadersText] = useState(headersToText(detail.headers));
  const [body, setBody] = useState(originalText ?? '');
  const { requestDetail, notices, ui } = useStores();
  const verify = endpoint?.verify ?? null;
  const [resign, setResign] = useState(Boolean(verify));
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const type = mediaTypeOf(headerValue(detail.headers, 'content-type'));
  const isJson = type === 'application/json' || Boolean(type?.endsWith('+json'));
  const headerParse = textToHeaders(headersText);
  const pathEdited = path !== originalPath;
  const sendsTo = previewUrls(endpoint, { method, eventType: detail.eventType, target: path }, url.trim(), pathEdited);

  const send = useAction(async () => {
    setInvalid(null);
    const edited = body !== (originalText ?? '');
    const input = {
      id: detail.id,
      method: method.trim().toUpperCase(),
      ...(pathEdited ? { path } : {}),
      headers: edited ? withoutFramingHeaders(headerParse.headers) : headerParse.headers,
      resign,
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(originalText !== null ? { bodyBase64: bytesToBase64(new TextEncoder().encode(body)) } : {}),
    };
    const parsed = ReplayInput.safeParse(input);
    if (!parsed.success || headerParse.errors.length) {
      setInvalid(
        parsed.success
          ? { code: 'invalid_input', message: 'Fix the headers.', issues: headerParse.errors.map((m) => ({ path: 'headers', message: m })) }
          : zodIssues(parsed.error),
      );
      return;
    }
    const result = await requestDetail.replay(input);
    notices.show(replayedNotice(result));
    ui.close();
  });
  const error = invalid ?? send.error;
  const at = (field: string) => issuesAt(error, field);

  return (
    <form
      className="form replay-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void send.run();
      }}
    >
      <div className="form-grid">
        <label>
          Method
          <input value={method} onChange={(e) => setMethod(e.target.value)} data-testid="replay-method" aria-invalid={at('method').length > 0} />
          <FieldErrors messages={at('method')} />
        </label>
        <label className="span-2">
          Path <span className="muted small-text">(after {endpoint && !endpoint.builtIn ? `/${endpoint.slug}` : 'the receiver’s address'})</span>
          <input value={path} onChange={(e) => setPath(e.target.value)} data-testid="replay-path" aria-invalid={at('path').length > 0} />
          <FieldErrors messages={at('path')} />
        </label>
        <div className="span-3 replay-sends-to" data-testid="replay-sends-to">
          <span className="label-text">Will be sent to</span>
          {sendsTo === null ? (
            <p className="muted small-text">— (fix the URL or path)</p>
          ) : sendsTo.length === 0 ? (
            <p className="muted small-text">no forward target matches this request: type a URL below</p>
          ) : (
            <ul className="plain-list mono small-text">
              {sendsTo.map((u, i) => (
                <li key={i} data-testid="replay-final-url" className="break-url">
                  {u}
                </li>
              ))}
            </ul>
          )}
        </div>
        <label className="span-3">
          Send to
          <input
            type="text"
            value={url}
            placeholder="the endpoint’s forward targets (or type a URL: http://localhost:3000/hook)"
            onChange={(e) => setUrl(e.target.value)}
            data-testid="replay-url"
            aria-invalid={at('url').length > 0}
          />
          <FieldErrors messages={at('url')} />
        </label>
      </div>
      <label>
        Headers <span className="muted small-text">(one “Name: value” per line; Content-Length is recomputed when the body changes)</span>
        <textarea className="mono" rows={6} value={headersText} onChange={(e) => setHeadersText(e.target.value)} data-testid="replay-headers" spellCheck={false} />
        <FieldErrors messages={[...headerParse.errors, ...at('headers')]} />
      </label>
      <div>
        <span className="label-text">Body</span>
        {originalText === null ? (
          <p className="muted">The body is binary ({original.length} bytes); it is replayed unchanged.</p>
        ) : (
          <CodeEditor value={body} onChange={setBody} json={isJson} label="Body" testId="replay-body" />
        )}
        <FieldErrors messages={at('bodyBase64')} />
      </div>
      <div className="form-actions">
        <label className="inline-check" title="Sign again with the endpoint’s secret and a fresh timestamp, so the edited body verifies">
          <input type="checkbox" checked={resign} onChange={(e) => setResign(e.target.checked)} data-testid="replay-resign" /> Re-sign with the endpoint’s secret
          <span className="muted small-text">{verify ? ` (${verify.scheme})` : ' (the endpoint has no scheme)'}</span>
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => ui.close()}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={send.busy} data-testid="replay-send">
          {send.busy ? 'Sending…' : 'Replay'}
        </button>
      </div>
      <ErrorNote error={error && !error.issues?.length ? error : error?.code === 'invalid_input' ? null : error} />
      {error?.issues?.length ? <p className="field-errors">{error.message}</p> : null}
    </form>
  );
}

export function ReplayEditorDialog({ requestId }: { requestId: number }) {
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { requestDetail, ui } = useStores();
  useEffect(() => {
    requestDetail.fetch(requestId).then(setDetail, (err: unknown) => setError(toApiError(err)));
  }, [requestDetail, requestId]);
  return (
    <Dialog title={`Edit and replay #${requestId}`} onClose={() => ui.close()} wide testId="replay-editor">
      {detail ? <Editor detail={detail} /> : error ? <ErrorNote error={error} /> : <p className="muted">Loading…</p>}
    </Dialog>
  );
}
