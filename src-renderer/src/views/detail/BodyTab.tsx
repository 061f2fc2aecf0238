import { useMemo, useState, type ReactNode } from 'react';
import type { RequestDetail } from '@contract';
import { CopyButton } from '../../components/CopyButton';
import { bodyFileName, downloadText } from '../../components/download';
import {
  VIEWS_BY_KIND,
  base64ToBytes,
  charsetOf,
  decodeLossy,
  decodeText,
  detectBodyKind,
  hasUnsafeIntegers,
  headerValue,
  mediaTypeOf,
  parseJson,
  type BodyView,
} from '../../format/body';
import { formatBytes } from '../../format/display';
import { useStores } from '../../stores/use-stores';
import { useDecodedBody } from '../body/decoded-body';
import { FormView } from '../body/FormView';
import { HexView } from '../body/HexView';
import { JsonTree } from '../body/JsonTree';
import { PrettyJson } from '../body/PrettyJson';
import { TextView } from '../body/TextView';
import { XmlView } from '../body/XmlView';
import { Contained } from '../Contained';

interface ViewProps {
  bytes: Uint8Array;
  text: string | null;
}

/**
 * Every viewer does bounded work whatever the body (see docs/architecture.md, "Hostile
 * bodies"): formatters are single passes with limits, and past a limit a viewer shows the raw
 * text with one sentence why. Each viewer also sits in its own error boundary with "Show raw".
 */
const VIEWS = {
  tree: { label: 'Tree', render: ({ text }) => <JsonTreeOf text={text ?? ''} /> },
  pretty: { label: 'Pretty', render: ({ text }) => <PrettyJson text={text ?? ''} /> },
  raw: { label: 'Raw', render: ({ bytes, text }) => <TextView text={text ?? decodeLossy(bytes)} testId="body-raw" /> },
  form: { label: 'Form', render: ({ text }) => <FormView text={text ?? ''} /> },
  xml: { label: 'XML', render: ({ text }) => <XmlView text={text ?? ''} /> },
  hex: { label: 'Hex', render: ({ bytes }) => <HexView bytes={bytes} /> },
} as const satisfies Record<BodyView, { label: string; render: (p: ViewProps) => ReactNode }>;

function JsonTreeOf({ text }: { text: string }) {
  const parsed = useMemo(() => parseJson(text), [text]);
  return parsed.ok ? <JsonTree value={parsed.value} /> : <p className="muted">Not valid JSON: {parsed.message}</p>;
}

export function BodyTab({ detail }: { detail: RequestDetail }) {
  const raw = useMemo(() => base64ToBytes(detail.bodyBase64), [detail.bodyBase64]);
  const encoding = headerValue(detail.headers, 'content-encoding');
  const { bytes, note, partial } = useDecodedBody(raw, encoding);
  const text = useMemo(() => decodeText(bytes, charsetOf(detail.contentType), partial), [bytes, detail.contentType, partial]);
  const kind = useMemo(() => detectBodyKind(detail.contentType, bytes, text), [detail.contentType, bytes, text]);
  const views: readonly BodyView[] = VIEWS_BY_KIND[kind];
  const [chosen, setChosen] = useState<BodyView | null>(null);
  const view = chosen && views.includes(chosen) ? chosen : views[0];
  const { requestDetail } = useStores();
  // A partly decoded body is not the body: Save writes what was received.
  const saved = partial ? raw : bytes;

  return (
    <div className="body-tab">
      <div className="body-toolbar">
        <div className="segmented" role="tablist" aria-label="Body view">
          {views.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={v === view}
              className={v === view ? 'active' : ''}
              data-testid={`body-view-${v}`}
              onClick={() => setChosen(v)}
            >
              {VIEWS[v].label}
            </button>
          ))}
        </div>
        <span className="muted small-text">
          {kind} · {formatBytes(detail.size)}
          {detail.truncated && ' · truncated at the body limit'}
          {note && <span data-testid="body-decode-note"> · {note}</span>}
        </span>
        <span className="spacer" />
        {text !== null && <CopyButton text={text} label="Copy body" className="small" />}
        <button
          type="button"
          className="small"
          title={partial ? 'Save the body as received (still encoded)' : "Save the body's bytes as a file"}
          onClick={() => downloadText(bodyFileName(detail.id, mediaTypeOf(detail.contentType)), saved, 'application/octet-stream')}
        >
          Save
        </button>
        <CopyButton text={() => requestDetail.curl(detail.id)} label="Copy as cURL" className="small" title="Copy as cURL" />
      </div>
      {kind === 'json' && text !== null && view === 'tree' && hasUnsafeIntegers(text) && (
        <p className="warn-text small-text" data-testid="unsafe-integers">
          This body has integers too large for JavaScript: the Tree shows them rounded; Pretty and Raw show the exact digits.
        </p>
      )}
      {kind === 'empty' || !view ? (
        <p className="muted">No body.</p>
      ) : (
        <div className="body-view">
          <Contained name={`${VIEWS[view].label} view`} resetKey={view} onShowRaw={view === 'raw' ? undefined : () => setChosen('raw')}>
            {VIEWS[view].render({ bytes, text })}
          </Contained>
        </div>
      )}
    </div>
  );
}
