/**
 * An export written to a file from its text chunks (`jsonChunks`/`harChunks`, one stored
 * request each): any size in bounded memory (one request and one write batch at a time),
 * with the event loop turned every `SLICE_MS`, so the receiver and health checks answer
 * while a large export is saved. The file appears whole or not at all: it is written beside
 * its name and renamed at the end, and removed if anything fails.
 */
import fs from 'node:fs/promises';
import { SLICE_MS, yieldTurn } from '../slices';
import { sideFileOf } from '../store/private-files';

/** Text handed to one `write` (the disk works off the thread meanwhile). */
const BATCH_CHARS = 1024 * 1024;

export async function writeExportFile(chunks: Iterator<string>, file: string): Promise<{ bytes: number }> {
  // Named by `sideFileOf` so a start after a kill mid-export can tell it from a live writer's and remove it.
  const partial = sideFileOf(file);
  const handle = await fs.open(partial, 'wx', 0o600);
  let bytes = 0;
  try {
    await handle.chmod(0o600).catch(() => undefined); // a umask cannot add bits, but may remove the owner's
    let batch: string[] = [];
    let batchChars = 0;
    let sliceStart = Date.now();
    const flush = async () => {
      if (batch.length === 0) return;
      const buf = Buffer.from(batch.join(''), 'utf8');
      batch = [];
      batchChars = 0;
      await handle.write(buf);
      bytes += buf.length;
      sliceStart = Date.now();
    };
    for (let next = chunks.next(); !next.done; next = chunks.next()) {
      batch.push(next.value);
      batchChars += next.value.length;
      if (batchChars >= BATCH_CHARS) await flush();
      else if (Date.now() - sliceStart > SLICE_MS) {
        await yieldTurn();
        sliceStart = Date.now();
      }
    }
    await flush();
    // On disk before the rename, or a power loss could leave the finished name on partial content.
    await handle.sync();
    await handle.close();
    await fs.rename(partial, file);
  } catch (err) {
    chunks.return?.();
    await handle.close().catch(() => undefined);
    await fs.rm(partial, { force: true });
    throw err;
  }
  return { bytes };
}
