// Bytes → text for repository files: size limit, BOMs, the XML prolog's declared encoding, and a
// clear InvalidEncoding (with the line of the first bad byte) for non-UTF-8 files without a declaration.
import type { Problem } from './problems.ts';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface Position {
  line: number;
  col: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** Encoding named by `<?xml … encoding="…"?>`, if any (the prolog is ASCII-compatible by definition). */
export function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  const match = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head);
  return match?.[1];
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte < 0x80) {
      index++;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) {
      if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    }
    const second = bytes[index + 1]!;
    if ((byte === 0xe0 && second < 0xa0) || (byte === 0xed && second > 0x9f) || (byte === 0xf0 && second < 0x90) || (byte === 0xf4 && second > 0x8f)) {
      return index;
    }
    index += length;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

export type Decoded = { text: string; encoding: string } | { problem: Problem };

/**
 * Decodes a file: a BOM wins, then (for XML) the declared encoding, else UTF-8. A declared encoding
 * the platform does not know, or bytes that are not what the file claims, give InvalidEncoding.
 */
export function decodeFile(bytes: Uint8Array, file: string, options: { xml: boolean }): Decoded {
  const invalid = (message: string, line?: number): Decoded => ({
    problem: { code: 'InvalidEncoding', severity: 'error', message, location: { file, line, col: line ? 1 : undefined } },
  });
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16' };
  const declared = options.xml ? declaredXmlEncoding(bytes) : undefined;
  const label = declared ?? 'UTF-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label.toLowerCase(), { fatal: true, ignoreBOM: false });
  } catch {
    return invalid(`unsupported encoding ${label} declared in the XML prolog`, 1);
  }
  if (decoder.encoding === 'utf-8') {
    const bad = firstInvalidUtf8Byte(bytes);
    if (bad >= 0) {
      const reason = declared ? `declared ${declared} but` : 'no encoding declared and the file is';
      return invalid(
        `${reason} not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at line ${lineOfByte(bytes, bad)})`,
        lineOfByte(bytes, bad),
      );
    }
  }
  try {
    return { text: decoder.decode(bytes), encoding: declared ?? 'UTF-8' };
  } catch {
    return invalid(`bytes are not valid ${label}`);
  }
}
