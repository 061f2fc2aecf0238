import { useRef } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { Popover } from '../components/Popover';
import { chipValues } from '@contract';
import { useAction } from '../stores/use-action';
import { useStores } from '../stores/use-stores';
import { saveExport } from './transfer';

/** Export the selection (or the filtered list) as HAR/JSON; import a HAR file. */
export function TransferMenu() {
  const fileInput = useRef<HTMLInputElement>(null);
  const { requestList, notices, transfer } = useStores();
  const exporting = useAction(saveExport(transfer, notices));
  const importing = useAction(async (file: File) => {
    const endpoint = chipValues(requestList.getState().filter, 'endpoint')[0];
    const ids = await transfer.importHar(await file.text(), endpoint);
    // The import reads as one: its requests are ticked together, ready to replay, export or delete.
    requestList.setChecked(ids);
    notices.show(`Imported ${ids.length} request${ids.length === 1 ? '' : 's'} from ${file.name} (selected)`);
  });
  return (
    <Popover label="Export / Import" testId="transfer-menu" align="right">
      {() => (
        <div className="transfer-menu">
          <p className="menu-caption">Export {transfer.scope().description}</p>
          <button
            type="button"
            className="menu-button"
            data-testid="export-har"
            disabled={exporting.busy}
            onClick={() => void exporting.run('har')}
          >
            Export as HAR 1.2
          </button>
          <button type="button" className="menu-button" data-testid="export-json" disabled={exporting.busy} onClick={() => void exporting.run('json')}>
            Export as Hookbay JSON (byte-exact)
          </button>
          <ErrorNote error={exporting.error} />
          <hr />
          <button type="button" className="menu-button" disabled={importing.busy} onClick={() => fileInput.current?.click()}>
            Import HAR file…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".har,application/json"
            className="offscreen"
            data-testid="import-har-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importing.run(file);
            }}
          />
          <ErrorNote error={importing.error} />
        </div>
      )}
    </Popover>
  );
}
