import { downloadText, timestampForFile } from '../components/download';
import type { ExportFormat, Transfer } from '../stores/transfer';

/** Exports what `transfer.scope()` covers and saves it as a file named for now. */
export const saveExport =
  (transfer: Transfer) =>
  async (format: ExportFormat): Promise<void> => {
    const exported = await transfer.exportRequests(format);
    downloadText(`hookbay-${timestampForFile()}.${format}`, JSON.stringify(exported, null, 2));
  };
