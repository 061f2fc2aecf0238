/**
 * What requests and responses share in finding where an HTTP/1.x message's body ends: the
 * `Content-Length`, `Transfer-Encoding` and `Connection` fields, and chunk-size lines. Each side
 * decides what to do with a message it cannot frame: the request side answers 400 (the receiver
 * behind the tunnel might read it differently), the response side follows it to the close.
 */

/** The framing fields of one message head, collected line by line. */
export class FramingFields {
  /** Every `Content-Length` value, list members split. */
  readonly lengths: string[] = [];
  /** Every transfer coding, lowercased, in order. */
  readonly codings: string[] = [];
  /** `Connection` tokens, lowercased. */
  readonly connection = new Set<string>();

  /** Records the field if it is one of the three; false for any other name. */
  add(name: string, value: string): boolean {
    switch (name.toLowerCase()) {
      case 'content-length':
        this.lengths.push(...splitList(value));
        return true;
      case 'transfer-encoding':
        this.codings.push(...splitList(value).map((v) => v.toLowerCase()));
        return true;
      case 'connection':
        for (const token of splitList(value)) this.connection.add(token.toLowerCase());
        return true;
      default:
        return false;
    }
  }

  /**
   * How the body is delimited by these fields (RFC 9112 §6.3 for a message that has a body), or
   * why that is ambiguous: the framings request smuggling relies on.
   */
  body(): BodyFraming {
    if (this.codings.length > 0) {
      if (this.lengths.length > 0) return { kind: 'ambiguous', why: 'both' };
      if (this.codings.at(-1) !== 'chunked') return { kind: 'ambiguous', why: 'not-chunked' };
      return { kind: 'chunked' };
    }
    if (this.lengths.length === 0) return { kind: 'none' };
    if (!this.lengths.every((l) => /^\d{1,15}$/.test(l)) || new Set(this.lengths).size !== 1) return { kind: 'ambiguous', why: 'bad-length' };
    return { kind: 'length', bytes: Number(this.lengths[0]) };
  }
}

export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; bytes: number }
  | { kind: 'chunked' }
  /** `both`: Transfer-Encoding and Content-Length; `not-chunked`: codings not ending in chunked; `bad-length`: not one whole number. */
  | { kind: 'ambiguous'; why: 'both' | 'not-chunked' | 'bad-length' };

/** Where a framer is in a message: its head, then its body as the head framed it. */
export type FramingState =
  | { kind: 'head' }
  | { kind: 'length'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'chunk-crlf'; remaining: number }
  | { kind: 'trailer' };

/** The size of a chunk-size line (extensions allowed), or null when the line is malformed. */
export function chunkSize(line: string): number | null {
  const size = /^([0-9a-fA-F]{1,12})(?:[ \t]*;.*)?$/.exec(line);
  return size ? parseInt(size[1]!, 16) : null;
}

function splitList(value: string): string[] {
  return value.split(',').map((v) => v.trim());
}
