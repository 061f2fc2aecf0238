import { bridge } from '../bridge/active-bridge';
import { downloadText, timestampForFile } from '../components/download';
import { toRequestFilter } from '@contract';
import { useRequestListStore } from '../stores/request-list-store';

export type ExportFormat = 'har' | 'json';

/** What an export covers: the ticked rows, else everything the current filter matches. */
export function exportScope(): { ids?: number[]; filter?: ReturnType<typeof toRequestFilter>; description: string } {
  const { checked, filter, total } = useRequestListStore.getState();
  if (checked.size > 0) return { ids: [...checked], description: `${checked.size} selected request${checked.size === 1 ? '' : 's'}` };
  return { filter: toRequestFilter(filter), description: `${(total ?? 0).toLocaleString()} matching requests` };
}

export async function exportRequests(format: ExportFormat): Promise<void> {
  const { ids, filter } = exportScope();
  const input = ids ? { ids } : { filter };
  const name = `hookbay-${timestampForFile()}`;
  if (format === 'har') {
    const har = await bridge().exportHar(input);
    downloadText(`${name}.har`, JSON.stringify(har, null, 2));
  } else {
    const json = await bridge().exportJson(input);
    downloadText(`${name}.json`, JSON.stringify(json, null, 2));
  }
}

export async function importHarFile(file: File, endpoint: string | undefined): Promise<number> {
  const text = await file.text();
  const result = await bridge().importHar({ har: text, ...(endpoint ? { endpoint } : {}) });
  return result.imported;
}
