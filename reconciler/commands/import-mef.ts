// geoflux import --mef <file|folder> --out DIR: the records of MEF zips (GeoNetwork's export) and
// their public attachments written into a desired state (new, or one that exists: its other files
// stay). A record already there with other content is never overwritten; nothing is written when a
// MEF is refused.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mefFiles, readMef, type MefRecord } from '../adopt/mef.ts';
import { formatLocation, GeofluxError, type Problem } from '../core/problems.ts';

const formatProblem = (problem: Problem) => `${formatLocation(problem.location)}: ${problem.severity} ${problem.code}: ${problem.message}`;

export interface ImportMefInput {
  out: string;
  /** A MEF zip, or a folder of them. */
  mef: string;
}

export interface ImportMefOutcome {
  out: string;
  records: { uuid: string; source: string; attachments: string[]; privateLeftOut: string[]; written: boolean }[];
  warnings: Problem[];
}

const UUID_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function importMef(input: ImportMefInput): Promise<ImportMefOutcome> {
  const records: MefRecord[] = [];
  const problems: Problem[] = [];
  for (const file of await mefFiles(input.mef)) {
    const read = await readMef(file);
    records.push(...read.records);
    problems.push(...read.problems);
  }
  for (const record of records) {
    if (!UUID_FILE.test(record.uuid))
      problems.push({
        code: 'InvalidRecord',
        severity: 'error',
        message: `${record.source}: uuid ${JSON.stringify(record.uuid)} cannot name a file`,
        location: { file: record.source },
      });
  }
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new GeofluxError('InvalidMef', `nothing was written:\n${errors.map((problem) => formatProblem(problem)).join('\n')}`);
  const files = new Map<string, string | Uint8Array>();
  const outcome: ImportMefOutcome['records'] = [];
  for (const record of records) {
    const recordFile = `metadata/${record.uuid}.xml`;
    const existing = existsSync(join(input.out, recordFile)) ? await readFile(join(input.out, recordFile), 'utf8') : undefined;
    if (existing !== undefined && existing !== record.xml) {
      throw new GeofluxError(
        'InvalidMef',
        `${record.source}: ${recordFile} already exists with other content in ${input.out}: geoflux never overwrites a record; nothing was written`,
      );
    }
    files.set(recordFile, record.xml);
    for (const attachment of record.attachments) files.set(`metadata/${record.uuid}/${attachment.filename}`, attachment.bytes);
    outcome.push({
      uuid: record.uuid,
      source: record.source,
      attachments: record.attachments.map((attachment) => attachment.filename),
      privateLeftOut: record.privateFiles,
      written: existing === undefined,
    });
  }
  for (const [path, content] of files) {
    await mkdir(dirname(join(input.out, path)), { recursive: true });
    await writeFile(join(input.out, path), content);
  }
  return { out: input.out, records: outcome, warnings: problems };
}

export function summaryText(outcome: ImportMefOutcome): string {
  const lines = [`imported ${outcome.records.length} record(s) from MEF into ${outcome.out}`];
  for (const record of outcome.records) {
    const attachments = record.attachments.length > 0 ? ` with ${record.attachments.join(', ')}` : '';
    lines.push(`  metadata/${record.uuid}.xml${attachments}${record.written ? '' : ' (already there, identical)'} from ${record.source}`);
    if (record.privateLeftOut.length > 0)
      lines.push(`    private attachments left out (geoflux publishes attachments public): ${record.privateLeftOut.join(', ')}`);
  }
  for (const warning of outcome.warnings) lines.push(`  ${formatProblem(warning)}`);
  return `${lines.join('\n')}\n`;
}
