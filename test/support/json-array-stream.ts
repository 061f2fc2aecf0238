/**
 * Reads a JSON document too large for one string (V8 caps strings at ~512 MiB) from a byte
 * stream: the object elements of the array under `"<key>":` are parsed one at a time, and
 * everything else is kept as the "skeleton" (the document with that array empty), parsed at
 * the end. Structural bytes are ASCII, so scanning UTF-8 bytes is exact; strings are tracked
 * so brackets inside them are ignored.
 */
export async function readJsonWithBigArray(chunks: AsyncIterable<Uint8Array>, key: string, onItem: (item: unknown) => void): Promise<unknown> {
  type Mode = 'skeleton' | 'between' | 'item';
  const skeleton: Buffer[] = [];
  let item: Buffer[] = [];
  let mode = 'skeleton' as Mode; // (asserted: switchTo changes it inside a closure, which narrowing cannot see)
  let depth = 0;
  let arrayDepth = -1;
  let inString = false;
  let escaped = false;
  let text: number[] = [];
  let lastString = '';
  let afterKey = false;
  for await (const raw of chunks) {
    const buf = Buffer.from(raw);
    let runStart = 0;
    const switchTo = (next: Mode, at: number) => {
      const run = buf.subarray(runStart, at);
      if (mode === 'skeleton') skeleton.push(run);
      else if (mode === 'item') item.push(run);
      mode = next;
      runStart = at;
    };
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (inString) {
        if (mode === 'skeleton' && text.length <= key.length) text.push(b);
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) {
          inString = false;
          // A string longer than the key was cut short before its closing quote: it is not the key.
          if (mode === 'skeleton') lastString = text.at(-1) === 0x22 ? Buffer.from(text.slice(0, -1)).toString() : '';
        }
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      if (mode === 'between') {
        if (b === 0x2c) continue;
        if (b === 0x5d) {
          switchTo('skeleton', i);
          depth--;
          arrayDepth = -1;
          continue;
        }
        if (b !== 0x7b) throw new Error(`expected an object element at byte ${i}`);
        switchTo('item', i);
      }
      if (b === 0x22) {
        inString = true;
        text = [];
        continue;
      }
      if (b === 0x7b || b === 0x5b) {
        depth++;
        if (mode === 'skeleton' && b === 0x5b && afterKey) {
          arrayDepth = depth;
          switchTo('between', i + 1);
        }
      } else if (b === 0x7d || b === 0x5d) {
        depth--;
        if (mode === 'item' && depth === arrayDepth) {
          switchTo('between', i + 1);
          onItem(JSON.parse(Buffer.concat(item).toString('utf8')));
          item = [];
        }
      }
      afterKey = mode === 'skeleton' && b === 0x3a && lastString === key;
    }
    switchTo(mode, buf.length);
  }
  return JSON.parse(Buffer.concat(skeleton).toString('utf8'));
}
