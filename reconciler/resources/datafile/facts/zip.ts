// A zip archive from the repository, checked before anything of it is used: its central directory
// read from the end of the file, every name, link, size and ratio checked, then every member
// inflated as a stream (never held whole) to prove its header tells the truth — a member that
// inflates past its declared size is cut off there, so a lying header cannot get a bomb through.
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import type { Problem } from '../../../core/problems.ts';
import { DEFAULT_ZIP_LIMITS, fileProblem, type ZipLimits } from './types.ts';

export interface ZipMember {
  name: string;
  /** Uncompressed: declared by the zip, and proved by inflating. */
  size: number;
  compressedSize: number;
}

/** A member as the central directory declares it. */
interface ZipEntry extends ZipMember {
  rawName: Buffer;
  flags: number;
  /** The host system the member was zipped on (high byte of "version made by"). */
  madeBy: number;
  externalAttributes: number;
  method: number;
  crc: number;
  localOffset: number;
}

export interface ScannedZip {
  members?: ZipMember[];
  /** The first bytes of the members a caller asked to keep, by member name. */
  heads: Map<string, Uint8Array>;
  problems: Problem[];
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const UNIX = 3;
const UNIX_FILE_TYPE = 0o170000;
const UNIX_SYMLINK = 0o120000;
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Small members are not held to maxRatio: a dBASE table of blank columns compresses past 200:1 yet weighs nothing. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** A zip's members after the safety checks (no traversal, absolute or backslash names, links, bombs, oversize): names and sizes. */
export async function inspectZip(path: string, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<{ members?: ZipMember[]; problems: Problem[] }> {
  const { members, problems } = await scanZip(path, file, limits, () => 0);
  return members ? { members, problems } : { problems };
}

/** Checks the zip and inflates every member, keeping the first keep(name) bytes of each. */
export async function scanZip(path: string, file: string, limits: ZipLimits, keep: (name: string) => number): Promise<ScannedZip> {
  const heads = new Map<string, Uint8Array>();
  const refuse = (message: string): ScannedZip => ({ heads, problems: [fileProblem(file, 'InvalidDataFile', message)] });
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return refuse(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let files: ZipEntry[];
  try {
    const directory = await readCentralDirectory(handle, limits);
    if (typeof directory === 'string') return refuse(directory);
    const problems = checkEntries(directory.entries, limits).map((message) => fileProblem(file, 'InvalidDataFile', message));
    if (problems.length > 0) return { heads, problems };
    files = directory.entries.filter((entry) => !entry.name.endsWith('/'));
    const starts = await locateData(handle, files, directory.offset);
    if (typeof starts === 'string') return refuse(starts);
    for (const entry of files) {
      const failure = await inflateMember(path, entry, starts.get(entry)!, keep(entry.name), heads);
      if (failure) return refuse(`member ${printable(entry.name)} ${failure}`);
    }
  } finally {
    await handle.close();
  }
  return { members: files.map(({ name, size, compressedSize }) => ({ name, size, compressedSize })), heads, problems: [] };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory's entries, or why it cannot be trusted. */
async function readCentralDirectory(handle: FileHandle, limits: ZipLimits): Promise<{ entries: ZipEntry[]; offset: number } | string> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  // The record is the last one whose comment runs exactly to the end of the file.
  for (let offset = tail.length - 22; offset >= 0; offset--) {
    if (tail.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY && offset + 22 + tail.readUInt16LE(offset + 20) === tail.length) {
      end = offset;
      break;
    }
  }
  if (end < 0) return 'is not a zip archive (no end of central directory)';
  const endPosition = size - tailLength + end;
  if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0) return 'is a split (multi-volume) zip archive';
  let count = tail.readUInt16LE(end + 10);
  let cdSize = tail.readUInt32LE(end + 12);
  let cdOffset = tail.readUInt32LE(end + 16);
  let directoryEnd = endPosition;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (endPosition < 20) return 'has a damaged ZIP64 end of central directory';
    const locator = await readAt(handle, endPosition - 20, 20);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_END_LOCATOR) return 'has a damaged ZIP64 end of central directory';
    directoryEnd = Number(locator.readBigUInt64LE(8));
    const record = await readAt(handle, directoryEnd, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_END) return 'has a damaged ZIP64 end of central directory';
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (count === 0) return 'is an empty zip archive';
  if (count > limits.maxMembers) return `has ${count} members, more than the ${limits.maxMembers} allowed`;
  if (cdOffset + cdSize > directoryEnd || cdSize > MAX_CENTRAL_DIRECTORY_BYTES) return 'has a damaged central directory';
  const directory = await readAt(handle, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== CENTRAL_HEADER) return 'has a damaged central directory';
    const nameLength = directory.readUInt16LE(offset + 28);
    const extraLength = directory.readUInt16LE(offset + 30);
    const commentLength = directory.readUInt16LE(offset + 32);
    const next = offset + 46 + nameLength + extraLength + commentLength;
    if (next > directory.length) return 'has a damaged central directory';
    const flags = directory.readUInt16LE(offset + 8);
    const nameBytes = Buffer.from(directory.subarray(offset + 46, offset + 46 + nameLength));
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    const entry: ZipEntry = {
      name,
      rawName: nameBytes,
      flags,
      madeBy: directory.readUInt16LE(offset + 4) >> 8,
      externalAttributes: directory.readUInt32LE(offset + 38),
      method: directory.readUInt16LE(offset + 10),
      crc: directory.readUInt32LE(offset + 16),
      compressedSize: directory.readUInt32LE(offset + 20),
      size: directory.readUInt32LE(offset + 24),
      localOffset: directory.readUInt32LE(offset + 42),
    };
    const zip64 = zip64Extra(directory.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength));
    if (entry.size === 0xffffffff) entry.size = zip64.shift() ?? Number.NaN;
    if (entry.compressedSize === 0xffffffff) entry.compressedSize = zip64.shift() ?? Number.NaN;
    if (entry.localOffset === 0xffffffff) entry.localOffset = zip64.shift() ?? Number.NaN;
    if ([entry.size, entry.compressedSize, entry.localOffset].some(Number.isNaN)) return 'has a damaged central directory';
    entries.push(entry);
    offset = next;
  }
  return { entries, offset: cdOffset };
}

/** The 64-bit values of a ZIP64 extended information field (header 0x0001), in order. */
function zip64Extra(extra: Buffer): number[] {
  for (let offset = 0; offset + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(offset);
    const length = extra.readUInt16LE(offset + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let value = offset + 4; value + 8 <= offset + 4 + length && value + 8 <= extra.length; value += 8) values.push(Number(extra.readBigUInt64LE(value)));
      return values;
    }
    offset += 4 + length;
  }
  return [];
}

/** What is wrong with the entries as the central directory declares them, one message each. */
function checkEntries(entries: ZipEntry[], limits: ZipLimits): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const shown = printable(entry.name);
    const unsafe = unsafeName(entry.name);
    if (unsafe) problems.push(`member ${shown} ${unsafe}`);
    if (seen.has(entry.name)) problems.push(`has member ${shown} twice`);
    seen.add(entry.name);
    if (entry.madeBy === UNIX && ((entry.externalAttributes >>> 16) & UNIX_FILE_TYPE) === UNIX_SYMLINK) problems.push(`member ${shown} is a symbolic link`);
    if (entry.flags & 0x1) problems.push(`member ${shown} is encrypted`);
    if (entry.method !== STORED && entry.method !== DEFLATED)
      problems.push(`member ${shown} uses compression method ${entry.method} (only stored and deflated members can be read)`);
    if (entry.name.endsWith('/')) {
      if (entry.size !== 0) problems.push(`member ${shown} is a folder with content`);
      continue;
    }
    if (entry.method === STORED && entry.size !== entry.compressedSize) problems.push(`member ${shown} is stored with two different sizes`);
    if (entry.size > RATIO_FLOOR_BYTES && entry.size / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
      problems.push(
        `member ${shown} inflates ${Math.round(entry.size / Math.max(entry.compressedSize, 1))} times its compressed size (more than ${limits.maxRatio}): a zip bomb?`,
      );
    }
    total += entry.size;
  }
  if (total > limits.maxUncompressedBytes) problems.push(`inflates to ${total} bytes, more than the ${limits.maxUncompressedBytes} allowed`);
  return problems;
}

/** Why a member's name could land outside the folder it is unpacked in, if it could. */
function unsafeName(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\\')) return 'has a backslash in its name';
  if (name.startsWith('/')) return 'has an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'has a drive letter';
  if (name.split('/').includes('..')) return 'climbs out of the folder (..)';
  if (/[\u0000-\u001f]/.test(name)) return 'has a control character in its name';
  return undefined;
}

/** Where each member's compressed data lies; refuses local headers that disagree with the directory, and overlapping members. */
async function locateData(handle: FileHandle, entries: ZipEntry[], cdOffset: number): Promise<Map<ZipEntry, number> | string> {
  const starts = new Map<ZipEntry, number>();
  for (const entry of entries) {
    const header = await readAt(handle, entry.localOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) return `member ${printable(entry.name)} has no local header where the directory says`;
    const nameLength = header.readUInt16LE(26);
    // Extractors that read local headers (streaming unzip) would otherwise see other names than the checked ones.
    if (!(await readAt(handle, entry.localOffset + 30, nameLength)).equals(entry.rawName)) {
      return `member ${printable(entry.name)} has another name in its local header`;
    }
    const start = entry.localOffset + 30 + nameLength + header.readUInt16LE(28);
    if (start + entry.compressedSize > cdOffset) return `member ${printable(entry.name)} runs past the end of the archive`;
    starts.set(entry, start);
  }
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let index = 1; index < ordered.length; index++) {
    const previous = ordered[index - 1]!;
    if (starts.get(previous)! + previous.compressedSize > ordered[index]!.localOffset) {
      return `members ${printable(previous.name)} and ${printable(ordered[index]!.name)} overlap (a zip bomb?)`;
    }
  }
  return starts;
}

/** Inflates one member as a stream, checking its size and CRC; what is wrong with it, if anything. */
async function inflateMember(path: string, entry: ZipEntry, start: number, keepBytes: number, heads: Map<string, Uint8Array>): Promise<string | undefined> {
  const kept: Buffer[] = [];
  let keptLength = 0;
  let produced = 0;
  let crc = 0;
  // Set before throwing: the pipeline may reject with its own error (premature close) instead.
  let overflowed = false;
  const consume = async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      produced += chunk.length;
      if (produced > entry.size) {
        overflowed = true;
        throw new RangeError('inflates past its declared size');
      }
      crc = crc32(chunk, crc);
      if (keptLength < keepBytes) {
        const part = chunk.subarray(0, keepBytes - keptLength);
        kept.push(Buffer.from(part));
        keptLength += part.length;
      }
    }
  };
  try {
    if (entry.compressedSize > 0) {
      const source = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
      await pipeline(source, entry.method === DEFLATED ? createInflateRaw() : new PassThrough(), consume);
    } else if (entry.size > 0) {
      return `is empty but declares ${entry.size} bytes`;
    }
  } catch (error) {
    if (overflowed) return `inflates to more than the ${entry.size} bytes its header declares (a zip bomb?)`;
    return `is corrupt: ${(error as Error).message}`;
  }
  if (produced !== entry.size) return `inflates to ${produced} bytes, not the ${entry.size} its header declares`;
  if (crc !== entry.crc) return 'is corrupt (its CRC does not match)';
  if (keepBytes > 0) heads.set(entry.name, Buffer.concat(kept));
  return undefined;
}

/** Where a member's data lies in the archive, to be read as a stream. */
export interface MemberLocation {
  start: number;
  compressedSize: number;
  deflated: boolean;
}

/**
 * Where the named members lie, read from the central directory and local headers as scanZip reads
 * them (an archive the loader checked); an error naming what is missing or malformed.
 */
export async function memberLocations(path: string, names: readonly string[]): Promise<Map<string, MemberLocation>> {
  const handle = await open(path, 'r');
  try {
    const directory = await readCentralDirectory(handle, DEFAULT_ZIP_LIMITS);
    if (typeof directory === 'string') throw new Error(directory);
    const wanted = directory.entries.filter((entry) => names.includes(entry.name));
    const missing = names.filter((name) => !wanted.some((entry) => entry.name === name));
    if (missing.length > 0) throw new Error(`no member ${missing.map(printable).join(', ')}`);
    const starts = await locateData(handle, wanted, directory.offset);
    if (typeof starts === 'string') throw new Error(starts);
    return new Map(
      wanted.map((entry) => [entry.name, { start: starts.get(entry)!, compressedSize: entry.compressedSize, deflated: entry.method === DEFLATED }]),
    );
  } finally {
    await handle.close();
  }
}

/** A member name safe to print: control characters shown as '?', quoted. */
export function printable(name: string): string {
  return `'${name.replace(/[\u0000-\u001f\u007f]/g, '?')}'`;
}
