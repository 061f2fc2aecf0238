import { useEffect, useRef, useState } from 'react';
import { EndpointInput, type ApiError, type Endpoint } from '@contract';
import { issuesAt } from '../../bridge/api-error';
import { ManagedBadge, managedFileName } from '../../components/badges';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldErrors } from '../../components/ErrorNote';
import { addChip, EMPTY_FILTER } from '@contract';
import { useAction } from '../../stores/use-action';
import { useEndpoints, useStores } from '../../stores/use-stores';
import { emptyTarget, formFromEndpoint, inputFromForm, slugify, type EndpointForm } from './endpoint-form';
import { Field } from './Field';
import { TargetEditor } from './TargetEditor';
import { SchemePicker } from './SchemePicker';
import { SecretField } from './SecretField';
import { ToleranceField } from './ToleranceField';

function EditorForm({ endpoint }: { endpoint: Endpoint | null }) {
  const [form, setForm] = useState<EndpointForm>(() => formFromEndpoint(endpoint));
  const [slugTouched, setSlugTouched] = useState(endpoint !== null);
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const update = (patch: Partial<EndpointForm>) => setForm((f) => ({ ...f, ...patch }));
  const { endpoints, requestList, notices, ui } = useStores();

  const save = useAction(async () => {
    setInvalid(null);
    const input = inputFromForm(form);
    const parsed = EndpointInput.safeParse(input);
    if (!parsed.success) {
      setInvalid({
        code: 'invalid_input',
        message: 'Some fields need fixing.',
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      });
      return;
    }
    const saved = await endpoints.save(endpoint?.id ?? null, input);
    const managed = saved.managedBy ? ` (${managedFileName(saved.managedBy)} overwrites it when the file next changes)` : '';
    notices.show(endpoint ? `Saved “${saved.name}”${managed}` : `Created “${saved.name}”: ${saved.localUrl}`);
    if (!endpoint) requestList.setFilter(addChip(EMPTY_FILTER, 'endpoint', saved.slug));
    ui.close();
  });
  const remove = useAction(async () => {
    if (!endpoint) return;
    await endpoints.remove(endpoint.id);
    requestList.setFilter(EMPTY_FILTER);
    ui.close();
  });
  const clear = useAction(async () => {
    if (!endpoint) return;
    const deleted = await endpoints.clearRequests(endpoint.id);
    notices.show(`Deleted ${deleted} request${deleted === 1 ? '' : 's'}`);
  });
  const error = invalid ?? save.error;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // The dialog scrolls: bring the first field in error into view.
  useEffect(() => {
    if (error?.issues?.length) formRef.current?.querySelector('.field.invalid')?.scrollIntoView({ block: 'center' });
  }, [error]);

  return (
    <form
      ref={formRef}
      className="form endpoint-editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      {endpoint?.managedBy && (
        // Only a warning: the file is the truth, and the change may still be wanted until it next changes.
        <p className="managed-note" role="note" data-testid="managed-warning">
          <ManagedBadge managedBy={endpoint.managedBy} /> This endpoint is declared in <code>{endpoint.managedBy.file}</code>. Hookbay
          applies the file again whenever it changes, and then overwrites what you change here. To keep a change, make it in the
          file.
        </p>
      )}
      <fieldset>
        <legend>Endpoint</legend>
        <div className="form-grid">
          <Field label="Name" path="name" error={error}>
            <input
              value={form.name}
              autoFocus
              data-testid="endpoint-name"
              onChange={(e) => update({ name: e.target.value, ...(slugTouched ? {} : { slug: slugify(e.target.value) }) })}
            />
          </Field>
          <Field label="Slug (URL path)" path="slug" error={error} hint={endpoint?.builtIn ? 'the built-in endpoint answers at /' : `receives at /${form.slug || '…'}`}>
            <input
              value={form.slug}
              disabled={endpoint?.builtIn}
              data-testid="endpoint-slug"
              onChange={(e) => {
                setSlugTouched(true);
                update({ slug: e.target.value });
              }}
            />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Signature verification</legend>
        <div className="form-grid">
          <Field label="Scheme" path="verify.scheme" error={error} hint="empty = no check">
            <SchemePicker value={form.scheme} onChange={(scheme) => update({ scheme })} />
          </Field>
          <Field label="Tolerance" path="verify.toleranceSec" error={error} hint="how old a signed timestamp may be">
            <ToleranceField value={form.toleranceSec} onChange={(toleranceSec) => update({ toleranceSec })} />
          </Field>
          <Field label="Public URL (URL-bound schemes)" path="verify.publicUrl" error={error}>
            <input value={form.publicUrl} placeholder="https://…" onChange={(e) => update({ publicUrl: e.target.value })} />
          </Field>
        </div>
        <div className="secrets">
          <span className="label-text">Secrets, newest first (several during a rotation)</span>
          {form.secrets.map((s, i) => (
            <SecretField
              key={i}
              index={i}
              value={s}
              messages={issuesAt(error, `verify.secrets.${i}`)}
              onChange={(v) => update({ secrets: form.secrets.map((x, j) => (j === i ? v : x)) })}
              onRemove={form.secrets.length > 1 ? () => update({ secrets: form.secrets.filter((_, j) => j !== i) }) : undefined}
            />
          ))}
          <button type="button" className="link-button" onClick={() => update({ secrets: ['', ...form.secrets] })}>
            + Add a newer secret
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Forward to</legend>
        {form.targets.length === 0 && <p className="muted small-text">No targets: requests are captured and answered, not forwarded.</p>}
        {form.targets.map((t, i) => (
          <TargetEditor
            key={i}
            t={t}
            i={i}
            error={error}
            onChange={(next) => update({ targets: form.targets.map((x, j) => (j === i ? next : x)) })}
            onRemove={() => update({ targets: form.targets.filter((_, j) => j !== i) })}
          />
        ))}
        <FieldErrors messages={issuesAt(error, 'forward').filter(() => form.targets.length > 16)} />
        <button type="button" className="link-button" data-testid="add-target" onClick={() => update({ targets: [...form.targets, emptyTarget()] })}>
          + Add a target
        </button>
      </fieldset>

      <details>
        <summary>Retry policy</summary>
        <div className="form-grid">
          {(
            [
              ['maxAttempts', 'Max attempts'],
              ['initialIntervalMs', 'First retry after (ms)'],
              ['factor', 'Backoff factor'],
              ['maxIntervalMs', 'Longest interval (ms)'],
              ['timeoutMs', 'Timeout per attempt (ms)'],
              ['retryOn', 'Retry on statuses'],
            ] as const
          ).map(([key, label]) => (
            <Field key={key} label={label} path={`retry.${key}`} error={error}>
              <input value={form.retry[key]} onChange={(e) => update({ retry: { ...form.retry, [key]: e.target.value } })} />
            </Field>
          ))}
        </div>
      </details>

      <details>
        <summary>Response to the sender</summary>
        <div className="form-grid">
          <Field label="Mode" path="responseMode.mode" error={error}>
            <select value={form.responseMode.mode} onChange={(e) => update({ responseMode: { ...form.responseMode, mode: e.target.value as 'immediate' | 'wait' } })}>
              <option value="immediate">answer at once (below)</option>
              <option value="wait">pass the first target’s answer back</option>
            </select>
          </Field>
          <Field label="Wait at most (ms)" path="responseMode.timeoutMs" error={error}>
            <input value={form.responseMode.timeoutMs} onChange={(e) => update({ responseMode: { ...form.responseMode, timeoutMs: e.target.value } })} />
          </Field>
          <Field label="Status" path="response.status" error={error}>
            <input value={form.response.status} inputMode="numeric" onChange={(e) => update({ response: { ...form.response, status: e.target.value } })} />
          </Field>
          <Field label="Delay (ms)" path="response.delayMs" error={error}>
            <input value={form.response.delayMs} inputMode="numeric" onChange={(e) => update({ response: { ...form.response, delayMs: e.target.value } })} />
          </Field>
          <Field label="Headers (Name: value per line)" path="response.headers" error={error} className="span-3">
            <textarea className="mono" rows={3} value={form.response.headers} onChange={(e) => update({ response: { ...form.response, headers: e.target.value } })} />
          </Field>
          <Field label="Body" path="response.body" error={error} className="span-3">
            <textarea className="mono" rows={3} value={form.response.body} onChange={(e) => update({ response: { ...form.response, body: e.target.value } })} />
          </Field>
        </div>
      </details>

      {error && (!error.issues?.length ? <ErrorNote error={error} /> : <p className="field-errors" role="alert">{error.message}</p>)}
      <div className="form-actions">
        {endpoint && !endpoint.builtIn && (
          confirmDelete ? (
            <>
              <span className="warn-text">Delete “{endpoint.name}” and its {endpoint.total} requests?</span>
              <button type="button" className="danger" onClick={() => void remove.run()}>
                Delete
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="link-button danger" onClick={() => setConfirmDelete(true)}>
              Delete endpoint
            </button>
          )
        )}
        {endpoint && endpoint.total > 0 && (
          <button type="button" className="link-button" onClick={() => void clear.run()}>
            Clear its requests
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={() => ui.close()}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={save.busy} data-testid="endpoint-save">
          {save.busy ? 'Saving…' : endpoint ? 'Save' : 'Create endpoint'}
        </button>
      </div>
      <ErrorNote error={remove.error ?? clear.error} />
    </form>
  );
}

export function EndpointEditorDialog({ endpointId }: { endpointId: string | null }) {
  const { ui } = useStores();
  const endpoint = useEndpoints((s) => (endpointId ? (s.endpoints.find((e) => e.id === endpointId) ?? null) : null));
  return (
    <Dialog title={endpoint ? `Edit “${endpoint.name}”` : 'New endpoint'} onClose={() => ui.close()} wide testId="endpoint-editor">
      <EditorForm endpoint={endpoint} />
    </Dialog>
  );
}
