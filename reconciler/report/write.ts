// Report files: <state>/reports/<id>.json, written atomically.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/files.ts';
import type { Report } from './model.ts';

export function reportsDir(stateDir: string): string {
  return join(stateDir, 'reports');
}

export async function writeReport(stateDir: string, report: Report): Promise<string> {
  const dir = reportsDir(stateDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${report.id}.json`);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
