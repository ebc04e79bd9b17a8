// MEF (Metadata Exchange Format, GeoNetwork's export, import and harvesting zip): each record is a
// folder <uuid>/ holding metadata/metadata.xml, info.xml and its attachments under public/ and
// private/ (MEF version 2; version 1 is the same folder at the zip's root). `geoflux import --mef`
// writes the records and their public attachments into a desired state, the record's references to
// its attachments (their URLs on the exporting catalogue) made file names again.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GeofluxError, type Problem } from '../core/problems.ts';
import { readXmlFile } from '../desired/files.ts';
import { ATTACHMENT_NAME } from '../resources/attachment/desired.ts';
import { withAttachmentNames } from '../resources/attachment/urls.ts';
import { DEFAULT_ZIP_LIMITS } from '../resources/datafile/facts/index.ts';
import { scanZip } from '../resources/datafile/facts/zip.ts';
import { inspectRecord } from '../resources/record/inspect.ts';

export interface MefRecord {
  uuid: string;
  xml: string;
  attachments: { filename: string; bytes: Uint8Array }[];
  /** Private attachments, said and left out (geoflux publishes attachments public). */
  privateFiles: string[];
  /** The MEF it came from. */
  source: string;
}

/** MEF zips: the file itself, or the .mef/.zip files of a folder (not its sub-folders). */
export async function mefFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new GeofluxError('NoSuchPath', `--mef ${path}: no such file or folder`);
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => /\.(mef|zip)$/i.test(name)).sort();
  if (names.length === 0) throw new GeofluxError('NoSuchPath', `--mef ${path}: the folder holds no .mef or .zip file`);
  return names.map((name) => join(path, name));
}

/** The records of one MEF, checked as a zip (no traversal, bombs or oversize members) and as records. */
export async function readMef(path: string): Promise<{ records: MefRecord[]; problems: Problem[] }> {
  const file = basename(path);
  const scanned = await scanZip(path, file, DEFAULT_ZIP_LIMITS, () => Number.MAX_SAFE_INTEGER);
  if (!scanned.members) return { records: [], problems: scanned.problems };
  const problems: Problem[] = [...scanned.problems];
  const folders = new Map<string, Map<string, Uint8Array>>();
  for (const member of scanned.members) {
    const match = /^(?:([^/]+)\/)?(metadata\/metadata\.xml|info\.xml|public\/[^/]+|private\/[^/]+)$/.exec(member.name);
    if (!match) continue;
    const folder = match[1] ?? '';
    if (!folders.has(folder)) folders.set(folder, new Map());
    folders.get(folder)!.set(match[2]!, scanned.heads.get(member.name) ?? new Uint8Array());
  }
  const records: MefRecord[] = [];
  for (const [folder, parts] of folders) {
    const where = folder ? `${file}: ${folder}/` : `${file}:`;
    const metadata = parts.get('metadata/metadata.xml');
    if (!metadata) {
      problems.push({ code: 'InvalidRecord', severity: 'error', message: `${where} has no metadata/metadata.xml`, location: { file } });
      continue;
    }
    const read = readXmlFile(metadata, `${folder ? `${folder}/` : ''}metadata/metadata.xml`);
    if ('problem' in read) {
      problems.push({ ...read.problem, message: `${where} ${read.problem.message}`, location: { file } });
      continue;
    }
    const { facts, problem } = inspectRecord(read.root, file);
    if (!facts?.uuid) {
      problems.push(problem ?? { code: 'InvalidRecord', severity: 'error', message: `${where} its record has no identifier`, location: { file } });
      continue;
    }
    const attachments: MefRecord['attachments'] = [];
    const privateFiles: string[] = [];
    for (const [name, bytes] of parts) {
      const filename = name.slice(name.indexOf('/') + 1);
      if (name.startsWith('private/')) privateFiles.push(filename);
      else if (name.startsWith('public/') && ATTACHMENT_NAME.test(filename)) attachments.push({ filename, bytes });
      else if (name.startsWith('public/'))
        problems.push({
          code: 'UnknownFile',
          severity: 'warning',
          message: `${where} attachment ${filename} has a name geoflux does not publish: left out`,
          location: { file },
        });
    }
    attachments.sort((a, b) => a.filename.localeCompare(b.filename));
    const names = attachments.map((attachment) => attachment.filename);
    records.push({ uuid: facts.uuid, xml: withAttachmentNames(read.text, facts.uuid, names), attachments, privateFiles: privateFiles.sort(), source: file });
  }
  return { records, problems };
}
