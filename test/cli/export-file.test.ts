/** `writeStreamToFile`: the export appears whole (0600) or not at all, whatever fails mid-way. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeStreamToFile } from '../../src-main/cli/export';
import { tempDir } from '../support/temp';

const tmp = tempDir();
afterAll(() => tmp.remove());

async function* pieces(fail: boolean): AsyncGenerator<string | Uint8Array> {
  yield '{"requests":[';
  yield Buffer.from('{"id":1}');
  if (fail) throw new Error('the server went away');
  yield ',{"id":2}]}';
}

describe('writeStreamToFile', () => {
  it('writes text and bytes in order, 0600, with no side file left', async () => {
    const file = path.join(tmp.dir, 'ok.json');
    const bytes = await writeStreamToFile(pieces(false), file);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"requests":[{"id":1},{"id":2}]}');
    expect(bytes).toBe(fs.statSync(file).size);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(tmp.dir)).toEqual(['ok.json']);
  });

  it('a failure mid-stream leaves the previous file as it was and no side file', async () => {
    const file = path.join(tmp.dir, 'ok.json');
    await expect(writeStreamToFile(pieces(true), file)).rejects.toThrow('the server went away');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"requests":[{"id":1},{"id":2}]}');
    expect(fs.readdirSync(tmp.dir)).toEqual(['ok.json']);
    await expect(writeStreamToFile(pieces(true), path.join(tmp.dir, 'new.json'))).rejects.toThrow();
    expect(fs.readdirSync(tmp.dir)).toEqual(['ok.json']);
  });
});
