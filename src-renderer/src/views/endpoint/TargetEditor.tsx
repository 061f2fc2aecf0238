import type { ApiError } from '@contract';
import type { TargetForm } from './endpoint-form';
import { Field } from './Field';

/** One forward target: URL, path handling, routing rules, concurrency and order. */
export function TargetEditor({ t, i, error, onChange, onRemove }: { t: TargetForm; i: number; error: ApiError | null; onChange: (t: TargetForm) => void; onRemove: () => void }) {
  const p = `forward.${i}`;
  return (
    <div className="target-editor">
      <div className="form-grid">
        <Field label="URL" path={`${p}.url`} error={error} className="span-2">
          <input value={t.url} placeholder="http://localhost:3000/webhooks" onChange={(e) => onChange({ ...t, url: e.target.value })} data-testid={`target-url-${i}`} />
        </Field>
        <Field label="Path" path={`${p}.pathMode`} error={error}>
          <select value={t.pathMode} onChange={(e) => onChange({ ...t, pathMode: e.target.value as TargetForm['pathMode'] })}>
            <option value="append">append the request path</option>
            <option value="replace">use the target URL as is</option>
          </select>
        </Field>
        <Field label="Only event types" path={`${p}.rules.eventTypes`} error={error} hint="comma-separated; empty = all">
          <input value={t.eventTypes} onChange={(e) => onChange({ ...t, eventTypes: e.target.value })} />
        </Field>
        <Field label="Only methods" path={`${p}.rules.methods`} error={error}>
          <input value={t.methods} onChange={(e) => onChange({ ...t, methods: e.target.value })} />
        </Field>
        <Field label="Only path prefixes" path={`${p}.rules.paths`} error={error}>
          <input value={t.paths} onChange={(e) => onChange({ ...t, paths: e.target.value })} />
        </Field>
        <Field label="Concurrency" path={`${p}.concurrency`} error={error}>
          <input value={t.concurrency} inputMode="numeric" onChange={(e) => onChange({ ...t, concurrency: e.target.value })} />
        </Field>
        <label className="inline-check">
          <input type="checkbox" checked={t.ordered} onChange={(e) => onChange({ ...t, ordered: e.target.checked })} /> strictly in order
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={t.enabled} onChange={(e) => onChange({ ...t, enabled: e.target.checked })} /> enabled
        </label>
      </div>
      <button type="button" className="link-button danger" onClick={onRemove}>
        Remove target
      </button>
    </div>
  );
}
