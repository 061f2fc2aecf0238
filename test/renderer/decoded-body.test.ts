import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src-renderer/src/format/body';
import { decodeCapped } from '../../src-renderer/src/views/body/decoded-body';

/** Compresses with the platform's own CompressionStream (Node's, here; the browser's in the app). */
async function compress(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const MB = 1024 * 1024;

describe('decodeCapped', () => {
  it('decodes a body under the cap whole', async () => {
    const text = new TextEncoder().encode('{"type":"gzipped.event"}'.repeat(1000));
    for (const format of ['gzip', 'deflate'] as const) {
      const decoded = await decodeCapped(await compress(text, format), format, MB);
      expect(decoded.complete).toBe(true);
      expect(decoded.bytes).toEqual(text);
    }
  });

  it('stops a bomb at the cap, exactly', async () => {
    const bomb = await compress(new Uint8Array(16 * MB), 'gzip');
    expect(bomb.length).toBeLessThan(32 * 1024);
    const decoded = await decodeCapped(bomb, 'gzip', 3 * MB + 5);
    expect(decoded).toMatchObject({ complete: false });
    expect(decoded.bytes.length).toBe(3 * MB + 5);
  });

  it('treats a body of exactly the cap as complete', async () => {
    const exact = new Uint8Array(MB).fill(7);
    const decoded = await decodeCapped(await compress(exact, 'gzip'), 'gzip', MB);
    expect(decoded.complete).toBe(true);
    expect(decoded.bytes.length).toBe(MB);
  });

  it('rejects bytes that are not what they claim', async () => {
    await expect(decodeCapped(new TextEncoder().encode('not gzip at all'), 'gzip')).rejects.toThrow();
  });
});

describe('decodeText of a decoded prefix', () => {
  it('drops a character cut by the cap instead of calling the body binary', () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë"}');
    const cut = bytes.subarray(0, bytes.indexOf(0xc3) + 1);
    expect(decodeText(cut)).toBeNull();
    expect(decodeText(cut, 'utf-8', true)).toBe('{"name":"Zo');
  });
});
