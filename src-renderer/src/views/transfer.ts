import type { NoticeStore } from '../stores/notice-store';
import type { ExportFormat, Transfer } from '../stores/transfer';

/** Saves what `transfer.scope()` covers as a file, and says where (nothing if the user cancelled). */
export const saveExport =
  (transfer: Transfer, notices: Pick<NoticeStore, 'show'>) =>
  async (format: ExportFormat): Promise<void> => {
    const { description } = transfer.scope();
    const saved = await transfer.saveExport(format);
    if (saved.saved) notices.show(`Saved ${description} (${(saved.bytes / 1024 / 1024).toFixed(1)} MB) to ${saved.file}`);
  };
