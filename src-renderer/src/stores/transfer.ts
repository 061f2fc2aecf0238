import type { HookbayBridge, InputOf, SavedExport } from '@contract';
import { toRequestFilter } from '@contract';
import type { RequestListStore } from './request-list-store';

export type ExportFormat = 'har' | 'json';

export type Transfer = ReturnType<typeof createTransfer>;

/** Export and import of captured requests; the actions reject with the bridge's error. */
export function createTransfer(bridge: HookbayBridge, requestList: RequestListStore) {
  const transfer = {
    /** What an export covers: the ticked rows, else everything the current filter matches. */
    scope(): { input: InputOf<'exportHar'>; description: string } {
      const { checked, filter, total } = requestList.getState();
      if (checked.size > 0) return { input: { ids: [...checked] }, description: `${checked.size} selected request${checked.size === 1 ? '' : 's'}` };
      return { input: { filter: toRequestFilter(filter) }, description: `${(total ?? 0).toLocaleString()} matching requests` };
    },
    /**
     * Saves the export (HAR 1.2 or Hookbay's byte-exact JSON) of `scope()` as a file, never
     * as one string in this page: in the desktop app the core writes the file the user picks
     * in a save dialog; in a browser the streamed HTTP export becomes a download.
     */
    saveExport(format: ExportFormat): Promise<SavedExport> {
      const { input } = transfer.scope();
      return bridge.saveExport({ format, ...input });
    },
    /** Imports a HAR file's entries, into `endpoint` (a slug) when given; resolves to how many. */
    /** Imports a HAR file; resolves with the new requests' ids. */
    async importHar(har: string, endpoint: string | undefined): Promise<number[]> {
      return (await bridge.importHar({ har, ...(endpoint ? { endpoint } : {}) })).ids;
    },
  };
  return transfer;
}
