import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { zipBomb } from '../../../test/datafiles/generate.ts';
import { extractZip } from './zip.ts';

const root = mkdtempSync(path.join(tmpdir(), 'zip-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function archive(name: string, bytes: Uint8Array): { zip: string; into: string } {
  const into = path.join(root, name);
  mkdirSync(into);
  writeFileSync(path.join(into, 'upload.zip'), bytes);
  return { zip: path.join(into, 'upload.zip'), into };
}

describe('zip extraction (RESTUtils.unzipFile)', () => {
  it('writes the members with their folders, stored or deflated', () => {
    const { zip, into } = archive(
      'plain',
      zipSync({ 'a.txt': strToU8('stored'), 'sub/b.txt': [strToU8('deflated '.repeat(100)), { level: 9 }], 'empty/': new Uint8Array() }, { level: 0 }),
    );
    expect(extractZip(zip, into).map((file) => path.relative(into, file))).toEqual(['a.txt', 'sub/b.txt']);
    expect(readFileSync(path.join(into, 'sub/b.txt'), 'utf8')).toBe('deflated '.repeat(100));
  });

  it('refuses a member that would land outside the directory, and a file that is no zip', () => {
    const { zip, into } = archive('evil', zipSync({ 'ok.txt': strToU8('x'), '../evil.txt': strToU8('y') }));
    const written: string[] = [];
    expect(() => extractZip(zip, into, written)).toThrow('Entry is outside of the target dir: ../evil.txt');
    expect(existsSync(path.join(root, 'evil.txt'))).toBe(false);
    expect(written.map((file) => path.basename(file))).toEqual(['ok.txt']);
    const notZip = archive('text', strToU8('plain text'));
    expect(() => extractZip(notZip.zip, notZip.into)).toThrow('zip END header not found');
  });

  it('inflates a highly compressed member to the disk in chunks', () => {
    const { zip, into } = archive('bomb', zipBomb(20));
    extractZip(zip, into);
    expect(statSync(path.join(into, 'zeros.bin')).size).toBe(20 * 1024 * 1024);
  });
});
