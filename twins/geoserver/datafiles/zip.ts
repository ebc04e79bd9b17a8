// Extraction of an uploaded zip as GeoServer's RESTUtils.unzipFile does it (java.util.zip.ZipFile
// and IOUtils.inflate): members come from the central directory, are written below the target
// directory with their folders, and a member that would land outside it fails the whole
// extraction. Members are inflated in chunks from the disk, so a large or hostile archive never
// sits in memory.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Inflate } from 'fflate';
import { DataFileError } from './data-file-error.ts';

const CHUNK = 64 * 1024;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

interface Member {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  localHeaderOffset: number;
}

function read(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const count = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, count);
}

/** The central directory, as ZipFile opens it (its messages are java.util.zip.ZipException's). */
function members(fd: number): Member[] {
  const size = fstatSync(fd).size;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = read(fd, size - tailLength, tailLength);
  let end = -1;
  for (let offset = tail.length - 22; offset >= 0; offset--) {
    if (tail.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new DataFileError('java.util.zip.ZipException: zip END header not found');
  const count = tail.readUInt16LE(end + 10);
  const directory = read(fd, tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
  const found: Member[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== CENTRAL_HEADER) {
      throw new DataFileError('java.util.zip.ZipException: invalid CEN header (bad signature)');
    }
    const nameLength = directory.readUInt16LE(offset + 28);
    const extraLength = directory.readUInt16LE(offset + 30);
    const commentLength = directory.readUInt16LE(offset + 32);
    found.push({
      name: directory.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: directory.readUInt16LE(offset + 10),
      encrypted: (directory.readUInt16LE(offset + 8) & 1) === 1,
      compressedSize: directory.readUInt32LE(offset + 20),
      localHeaderOffset: directory.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

/**
 * org.geoserver.util.IOUtils.getZipOutputFile: java.io.File(destDir, name) (an absolute name stays
 * below destDir), refused when its canonical path is not inside destDir.
 */
function outputFile(directory: string, name: string): string {
  const target = path.join(directory, name);
  if (!target.startsWith(`${directory}${path.sep}`)) throw new DataFileError(`Entry is outside of the target dir: ${name}`);
  return target;
}

function copyMember(fd: number, member: Member, target: string): void {
  const header = read(fd, member.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw new DataFileError('java.util.zip.ZipException: invalid LOC header (bad signature)');
  if (member.encrypted) throw new DataFileError('java.util.zip.ZipException: invalid LOC header (encrypted entry)');
  if (member.method !== 0 && member.method !== 8) throw new DataFileError(`java.util.zip.ZipException: invalid compression method ${member.method}`);
  const start = member.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  mkdirSync(path.dirname(target), { recursive: true });
  const out = openSync(target, 'w');
  try {
    const write = (data: Uint8Array) => {
      writeSync(out, data);
    };
    const inflate = member.method === 8 ? new Inflate(write) : undefined;
    for (let done = 0; done < member.compressedSize; ) {
      const chunk = read(fd, start + done, Math.min(CHUNK, member.compressedSize - done));
      if (chunk.length === 0) throw new DataFileError('java.io.EOFException: Unexpected end of ZLIB input stream');
      done += chunk.length;
      if (inflate) inflate.push(chunk, done === member.compressedSize);
      else write(chunk);
    }
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`java.util.zip.ZipException: ${(error as Error).message}`);
  } finally {
    closeSync(out);
  }
}

/**
 * Writes the members of a zip below `directory` and returns the files written, in archive order.
 * Folder members are skipped (a file's folders are made when it is written). On failure the files
 * already written are left for the caller to remove, as GeoServer does.
 */
export function extractZip(zipFile: string, directory: string, written: string[] = []): string[] {
  const fd = openSync(zipFile, 'r');
  try {
    for (const member of members(fd)) {
      const target = outputFile(directory, member.name);
      if (member.name.endsWith('/')) continue;
      copyMember(fd, member, target);
      written.push(target);
    }
    return written;
  } finally {
    closeSync(fd);
  }
}
