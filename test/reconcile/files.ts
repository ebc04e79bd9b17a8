import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../../reconciler/report/model.ts';

export async function listFilesRecursively(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFilesRecursively(path)));
    else files.push(path);
  }
  return files;
}

export async function reportsIn(stateDir: string): Promise<Report[]> {
  const dir = join(stateDir, 'reports');
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json')).sort();
  const reports = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as Report));
  return reports.sort((a, b) => a.started.localeCompare(b.started) || a.finished.localeCompare(b.finished));
}
