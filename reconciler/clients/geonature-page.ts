// Reads an export page ({total, total_filtered, page, limit, items, …}, keys in any order) straight from
// the response bytes: where each row's properties and geometry lie, and the few property values the
// caller asks for. Rows are never materialised as objects, so a flow can pass each row's JSON text on
// to the database as the server wrote it. JSON's structural characters are ASCII and never occur inside
// a multi-byte UTF-8 sequence, so scanning bytes is safe. Values are checked by the database (jsonb).

export class ExportPageSyntaxError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Matches object keys against a few wanted names without making a string per key. */
class KeyMatcher {
  private readonly byLength: ({ bytes: Uint8Array; index: number }[] | undefined)[] = [];

  constructor(names: readonly string[]) {
    names.forEach((name, index) => {
      const bytes = new TextEncoder().encode(name);
      (this.byLength[bytes.length] ??= []).push({ bytes, index });
    });
  }

  /** Index of the name spelled by body[start, end) (the key without its quotes), or -1. */
  match(body: Uint8Array, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return -1;
    next: for (const { bytes, index } of candidates) {
      for (let i = 0; i < bytes.length; i++) if (body[start + i] !== bytes[i]) continue next;
      return index;
    }
    return -1;
  }
}

const TOP_KEYS = new KeyMatcher(['total', 'total_filtered', 'page', 'limit', 'items']);
const FEATURE_COLLECTION_KEYS = new KeyMatcher(['features']);
const FEATURE_KEYS = new KeyMatcher(['properties', 'geometry']);

// Layout of one row in ExportRows.spans (byte offsets into the body, end exclusive, -1 when absent).
const START = 0;
const END = 1;
const GEOMETRY_START = 2;
const GEOMETRY_END = 3;
const ESCAPES = 4;
const FIELDS = 5;

/** Where the rows of a page lie in its body: one flat Int32Array, a few allocations per page. */
export class ExportRows {
  private spans: Int32Array;
  private readonly stride: number;
  /** The body as a plain Uint8Array: V8 reads its elements faster than a Buffer's. */
  readonly bytes: Uint8Array;
  count = 0;

  constructor(
    readonly body: Buffer,
    /** The property names whose values the rows locate, in this order. */
    readonly fieldNames: readonly string[],
    expectedRows: number,
  ) {
    this.bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);
    this.stride = FIELDS + fieldNames.length * 2;
    this.spans = new Int32Array(Math.max(16, expectedRows) * this.stride);
  }

  /** Starts a row (all spans absent); returns its index. */
  add(): number {
    if ((this.count + 1) * this.stride > this.spans.length) {
      const grown = new Int32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    this.spans.fill(-1, this.count * this.stride, (this.count + 1) * this.stride);
    this.spans[this.count * this.stride + ESCAPES] = 0;
    return this.count++;
  }

  set(row: number, slot: number, offset: number): void {
    this.spans[row * this.stride + slot] = offset;
  }

  /** The properties object (the row object itself for an export without geometry field); -1 when missing. */
  start(row: number): number {
    return this.spans[row * this.stride + START]!;
  }

  end(row: number): number {
    return this.spans[row * this.stride + END]!;
  }

  /** The geometry value; -1 when the row has none (plain row, or `"geometry": null`). */
  geometryStart(row: number): number {
    return this.spans[row * this.stride + GEOMETRY_START]!;
  }

  geometryEnd(row: number): number {
    return this.spans[row * this.stride + GEOMETRY_END]!;
  }

  /** The row's text holds a backslash or a control character (COPY text must escape it). */
  escapes(row: number): boolean {
    return this.spans[row * this.stride + ESCAPES] !== 0;
  }

  /** Where the value of field `field` (index in fieldNames) starts; -1 when the row lacks it. */
  fieldStart(row: number, field: number): number {
    return this.spans[row * this.stride + FIELDS + field * 2]!;
  }

  fieldEnd(row: number, field: number): number {
    return this.spans[row * this.stride + FIELDS + field * 2 + 1]!;
  }

  /** The decoded value of a field (undefined when the row lacks it). */
  value(row: number, field: number): unknown {
    const start = this.fieldStart(row, field);
    if (start < 0) return undefined;
    const end = this.fieldEnd(row, field);
    const { body, bytes } = this;
    const first = bytes[start];
    if (first === QUOTE) {
      for (let i = start + 1; i < end - 1; i++) if (bytes[i] === BACKSLASH) return JSON.parse(body.toString('utf8', start, end));
      return body.toString('utf8', start + 1, end - 1);
    }
    const integer = this.plainInteger(start, end);
    if (integer !== undefined) return integer;
    const text = body.toString('utf8', start, end);
    if (text === 'null') return null;
    if (text === 'true') return true;
    if (text === 'false') return false;
    return first === OPEN_OBJECT || first === OPEN_ARRAY ? JSON.parse(text) : Number(text);
  }

  /** A field holding a plain string (no escape): its text without quotes as a byte span, else undefined. */
  plainString(row: number, field: number): [number, number] | undefined {
    const start = this.fieldStart(row, field);
    if (start < 0 || this.bytes[start] !== QUOTE) return undefined;
    const end = this.fieldEnd(row, field) - 1;
    for (let i = start + 1; i < end; i++) if (this.bytes[i] === BACKSLASH) return undefined;
    return [start + 1, end];
  }

  /** Digits only (and a sign), short enough to be exact: read without making a string. */
  private plainInteger(start: number, end: number): number | undefined {
    const body = this.bytes;
    let i = start;
    const negative = body[i] === MINUS;
    if (negative) i++;
    if (i === end || end - i > 15) return undefined;
    let value = 0;
    for (; i < end; i++) {
      const digit = body[i]! - ZERO;
      if (digit < 0 || digit > NINE - ZERO) return undefined;
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
}

export interface ScannedExportPage {
  total: number;
  /** Rows matching the filters (exact on offset 0 only: read it from offset-0 pages). */
  totalFiltered: number;
  page: number;
  limit: number;
  /** 'features' when items is a GeoJSON FeatureCollection (null-geometry rows dropped upstream), else 'rows'. */
  shape: 'features' | 'rows';
  rows: ExportRows;
}

class Scanner {
  pos = 0;
  /** Backslashes and control characters seen so far (see ExportRows.escapes). */
  escapes = 0;
  /** The body as a plain Uint8Array: V8 reads its elements faster than a Buffer's. */
  readonly body: Uint8Array;

  constructor(readonly buffer: Buffer) {
    this.body = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }

  fail(expected: string): never {
    const at = this.pos >= this.body.length ? 'the end' : `byte ${this.pos} (${JSON.stringify(this.buffer.toString('utf8', this.pos, this.pos + 20))})`;
    throw new ExportPageSyntaxError(`not a JSON export page: expected ${expected} at ${at}`);
  }

  skipSpace(): void {
    for (let byte = this.body[this.pos]; isSpace(byte); byte = this.body[++this.pos]) if (byte !== 0x20) this.escapes++;
  }

  /** At an opening quote: moves past the closing one. */
  skipString(): void {
    const { body } = this;
    let i = this.pos + 1;
    for (;;) {
      const byte = body[i++];
      if (byte === QUOTE) break;
      if (byte === BACKSLASH) {
        i++;
        this.escapes++;
      } else if (byte === undefined) {
        this.fail('the end of a string');
      } else if (byte < 0x20) {
        this.escapes++;
      }
    }
    this.pos = i;
  }

  /** Skips the value at this.pos (after spaces); returns its end offset. */
  skipValue(): number {
    this.skipSpace();
    const { body } = this;
    const first = body[this.pos];
    if (first === QUOTE) {
      this.skipString();
      return this.pos;
    }
    if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
      let depth = 0;
      let i = this.pos;
      for (;;) {
        const byte = body[i++];
        if (byte === QUOTE) {
          this.pos = i - 1;
          this.skipString();
          i = this.pos;
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          depth++;
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          if (--depth === 0) break;
        } else if (byte === undefined) {
          this.pos = i - 1;
          this.fail('the end of an object or array');
        } else if (byte < 0x20) {
          this.escapes++;
        }
      }
      this.pos = i;
      return i;
    }
    // number, true, false, null: up to the next delimiter
    let i = this.pos;
    for (;;) {
      const byte = body[i];
      if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || byte === undefined || isSpace(byte)) break;
      i++;
    }
    if (i === this.pos) this.fail('a value');
    this.pos = i;
    return i;
  }

  /** After a member's value: true at the object's end, false before the next member. */
  afterMember(): boolean {
    this.skipSpace();
    const byte = this.body[this.pos++];
    if (byte === CLOSE_OBJECT) return true;
    if (byte === COMMA) return false;
    this.pos--;
    return this.fail('"," or "}"');
  }

  /** At an object: enters it; false when it is empty (and then skipped). */
  enterObject(): boolean {
    this.skipSpace();
    if (this.body[this.pos] !== OPEN_OBJECT) this.fail('an object');
    this.pos++;
    this.skipSpace();
    if (this.body[this.pos] !== CLOSE_OBJECT) return true;
    this.pos++;
    return false;
  }

  /** At a member: reads its key, stops at its value; returns the key's index for `keys`, or -1. */
  key(keys: KeyMatcher): number {
    this.skipSpace();
    if (this.body[this.pos] !== QUOTE) this.fail('a key');
    const keyStart = this.pos + 1;
    this.skipString();
    const index = keys.match(this.body, keyStart, this.pos - 1);
    this.skipSpace();
    if (this.body[this.pos] !== COLON) this.fail('":"');
    this.pos++;
    this.skipSpace();
    return index;
  }

  /** Walks the members of an object, calling onMember for the keys `keys` knows (it must consume the value). */
  members(keys: KeyMatcher, onMember: (index: number) => void): void {
    if (!this.enterObject()) return;
    do {
      const index = this.key(keys);
      if (index < 0) this.skipValue();
      else onMember(index);
    } while (!this.afterMember());
  }

  /** Walks the elements of an array, calling onElement at each element's start. */
  elements(onElement: () => void): void {
    this.skipSpace();
    if (this.body[this.pos] !== OPEN_ARRAY) this.fail('an array');
    this.pos++;
    this.skipSpace();
    if (this.body[this.pos] === CLOSE_ARRAY) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      onElement();
      this.skipSpace();
      const byte = this.body[this.pos++];
      if (byte === CLOSE_ARRAY) return;
      if (byte !== COMMA) {
        this.pos--;
        this.fail('"," or "]"');
      }
    }
  }

  number(): number {
    const start = this.pos;
    const end = this.skipValue();
    const value = Number(this.buffer.toString('latin1', start, end));
    if (!Number.isFinite(value)) {
      this.pos = start;
      this.fail('a number');
    }
    return value;
  }

  /**
   * The properties object of a row: its span and the spans of the wanted fields. One loop over its
   * bytes (the hot path: most of a page is properties), tracking strings and depth; a key is a string
   * at depth 1 after "{" or ",", its value runs from after ":" to the next "," or "}" at depth 1.
   */
  properties(rows: ExportRows, row: number, fields: KeyMatcher): void {
    const { body } = this;
    let i = this.pos;
    if (body[i] !== OPEN_OBJECT) this.fail('an object');
    rows.set(row, START, i);
    let depth = 0;
    let escapes = 0;
    let expectKey = false;
    let field = -1;
    let valueStart = -1;
    for (;;) {
      const byte = body[i++];
      if (byte === QUOTE) {
        const stringStart = i;
        for (;;) {
          const inner = body[i++];
          if (inner === QUOTE) break;
          if (inner === BACKSLASH) {
            i++;
            escapes++;
          } else if (inner === undefined) {
            this.pos = i - 1;
            this.fail('the end of a string');
          } else if (inner < 0x20) {
            escapes++;
          }
        }
        if (expectKey) {
          expectKey = false;
          field = fields.match(body, stringStart, i - 1);
        }
      } else if (byte === COLON) {
        if (depth === 1 && field >= 0) {
          valueStart = i;
          while (isSpace(body[valueStart])) valueStart++;
        }
      } else if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        if (depth === 1 && field >= 0) {
          let valueEnd = i - 1;
          while (valueEnd > valueStart && isSpace(body[valueEnd - 1])) valueEnd--;
          rows.set(row, FIELDS + field * 2, valueStart);
          rows.set(row, FIELDS + field * 2 + 1, valueEnd);
          field = -1;
        }
        if (byte === COMMA) {
          expectKey = depth === 1;
        } else if (--depth === 0) {
          break;
        }
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        expectKey = ++depth === 1;
      } else if (byte === undefined) {
        this.pos = i - 1;
        this.fail('the end of an object');
      } else if (byte < 0x20) {
        escapes++;
      }
    }
    this.pos = i;
    this.escapes += escapes;
    rows.set(row, END, i);
  }
}

/** Locates the rows of an export page and the values of `fieldNames` in each row's properties. */
export function scanExportPage(body: Buffer, fieldNames: readonly string[], expectedRows = 1000): ScannedExportPage {
  const scanner = new Scanner(body);
  const fields = new KeyMatcher(fieldNames);
  const rows = new ExportRows(body, fieldNames, expectedRows);
  const totals = [Number.NaN, Number.NaN, 0, 0];
  let shape: 'features' | 'rows' | undefined;

  const feature = () => {
    const escapesBefore = scanner.escapes;
    const row = rows.add();
    scanner.members(FEATURE_KEYS, (index) => {
      if (index === 0) {
        if (body[scanner.pos] === OPEN_OBJECT) scanner.properties(rows, row, fields);
        else scanner.skipValue();
        return;
      }
      const start = scanner.pos;
      const end = scanner.skipValue();
      if (end - start === 4 && body.toString('latin1', start, end) === 'null') return;
      rows.set(row, GEOMETRY_START, start);
      rows.set(row, GEOMETRY_END, end);
    });
    rows.set(row, ESCAPES, scanner.escapes - escapesBefore);
  };

  const plainRow = () => {
    if (body[scanner.pos] !== OPEN_OBJECT) scanner.fail('a row object');
    const escapesBefore = scanner.escapes;
    const row = rows.add();
    scanner.properties(rows, row, fields);
    rows.set(row, ESCAPES, scanner.escapes - escapesBefore);
  };

  scanner.members(TOP_KEYS, (index) => {
    if (index < 4) {
      totals[index] = scanner.number();
      return;
    }
    if (body[scanner.pos] === OPEN_ARRAY) {
      shape = 'rows';
      scanner.elements(plainRow);
      return;
    }
    if (body[scanner.pos] !== OPEN_OBJECT) scanner.fail('items: an array or a FeatureCollection');
    scanner.members(FEATURE_COLLECTION_KEYS, () => {
      shape = 'features';
      scanner.elements(feature);
    });
  });
  scanner.skipSpace();
  if (scanner.pos !== body.length) scanner.fail('the end of the page');
  if (!shape) throw new ExportPageSyntaxError('not a JSON export page: items is neither an array nor a FeatureCollection');
  const [total, totalFiltered, page, limit] = totals as [number, number, number, number];
  return { total: total || 0, totalFiltered: Number.isNaN(totalFiltered) ? total || 0 : totalFiltered, page, limit, shape, rows };
}
