// A growing byte buffer of COPY text format (tab-separated fields, newline-terminated lines, \N for
// NULL): one buffer per page, so a page costs a few allocations however many rows it holds.

const BACKSLASH = 0x5c;
/** Below this, a JS loop copies faster than a native call costs. */
const SHORT_BYTES = 64;
const ESCAPES: Record<number, string> = { 92: '\\\\', 9: '\\t', 10: '\\n', 13: '\\r' };

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
export function escapeCopy(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c.charCodeAt(0)]!) : text;
}

export class CopyText {
  private buffer: Buffer;
  /** The same memory as a plain Uint8Array: V8 writes its elements faster than a Buffer's. */
  private out: Uint8Array;
  private used = 0;

  constructor(initialBytes = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
    this.out = new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
  }

  get length(): number {
    return this.used;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
    this.out = new Uint8Array(grown.buffer, grown.byteOffset, grown.length);
  }

  /** Short ASCII text that needs no escaping (digits, hex, timestamps): a loop beats a native call here. */
  ascii(text: string): this {
    this.reserve(text.length);
    const { out } = this;
    let at = this.used;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    this.used = at;
    return this;
  }

  tab(): this {
    return this.byte(0x09);
  }

  newline(): this {
    return this.byte(0x0a);
  }

  /** \N */
  null(): this {
    this.reserve(2);
    this.out[this.used++] = BACKSLASH;
    this.out[this.used++] = 0x4e;
    return this;
  }

  /** Any text, escaped; null or undefined is NULL. */
  text(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.null();
    const escaped = escapeCopy(value);
    this.reserve(escaped.length * 3);
    this.used += this.buffer.write(escaped, this.used, 'utf8');
    return this;
  }

  private byte(value: number): this {
    this.reserve(1);
    this.out[this.used++] = value;
    return this;
  }

  /** source[start, end) as it is, or escaped when `escape` (the caller knows whether it holds \ or controls). */
  bytes(source: Uint8Array, start: number, end: number, escape: boolean): this {
    const length = end - start;
    this.reserve(escape ? length * 2 : length);
    const { out } = this;
    let at = this.used;
    if (!escape && length > SHORT_BYTES) {
      out.set(source.subarray(start, end), at);
      this.used = at + length;
      return this;
    }
    if (!escape) {
      for (let i = start; i < end; i++) out[at++] = source[i]!;
      this.used = at;
      return this;
    }
    for (let i = start; i < end; i++) {
      const byte = source[i]!;
      if (byte === BACKSLASH || byte === 0x09 || byte === 0x0a || byte === 0x0d) {
        out[at++] = BACKSLASH;
        out[at++] = ESCAPES[byte]!.charCodeAt(1);
      } else {
        out[at++] = byte;
      }
    }
    this.used = at;
    return this;
  }

  /** Bytes [start, end) written so far, as a view (valid until the next write). */
  view(start: number, end: number): Uint8Array {
    return this.buffer.subarray(start, end);
  }

  /** The bytes written so far (a view on this writer's buffer: write no more after taking it). */
  result(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}
