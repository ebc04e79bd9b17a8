// geoflux ingest --from FOLDER [--repo] [--path] [--branch] [--workspace] [--lfs|--no-lfs]
// [--max-file-size] [--json]: a synchronised folder of data files becomes a commit on a new branch,
// ready to push as a merge request. Exit 0 (committed, or nothing to ingest), 1 when the folder
// has a problem (each one printed, nothing written) or the repository cannot be read.
import { type IngestOptions, type IngestResult, IngestRefused, ingestFolder } from '../adopt/ingest/index.ts';
import type { AddedOrChanged } from '../adopt/ingest/plan.ts';
import { GeofluxError, formatLocation } from '../core/problems.ts';
import { terminalText } from '../report/escape.ts';

interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "1073741824", "500M", "1GiB", "2 GB": bytes, with K, M or G as powers of 1024. */
function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) throw new GeofluxError('InvalidOption', `--max-file-size ${JSON.stringify(text)} is not a size (bytes, or a number with K, M or G)`);
  return Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
}

function ingestOptions(raw: Record<string, unknown>): IngestOptions {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const from = text(raw.from);
  if (!from) throw new GeofluxError('InvalidOption', 'ingest needs --from <folder>: the synchronised folder to read');
  const size = raw.maxFileSize;
  return {
    from,
    repo: text(raw.repo),
    path: text(raw.path),
    branch: text(raw.branch),
    workspace: text(raw.workspace),
    lfs: typeof raw.lfs === 'boolean' ? raw.lfs : undefined,
    maxFileSize: typeof size === 'number' ? size : typeof size === 'string' ? parseSize(size) : undefined,
    env: (raw.env as IngestOptions['env']) ?? process.env,
    now: raw.now instanceof Date ? raw.now : undefined,
  };
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

function dataFileLines(verb: string, item: AddedOrChanged, prefix: (file: string) => string): string[] {
  const size =
    item.previousSize !== undefined && item.previousSize !== item.size ? `${formatSize(item.previousSize)} → ${formatSize(item.size)}` : formatSize(item.size);
  const lines = [`${verb.padEnd(9)} ${prefix(item.file)} (${size}, ${item.storage === 'lfs' ? 'Git LFS' : 'blob'}) from ${item.from}`];
  if (verb === 'changed') lines.push('            the data file is replaced; its layers and records are left as they are');
  for (const layer of item.layers) {
    const record = `record ${prefix(layer.record.file)}${layer.record.written ? '' : ' (already there: kept)'}`;
    lines.push(`            ${layer.table !== undefined ? `table ${layer.table} → ` : ''}layer ${layer.layer} (${prefix(layer.file)}), ${record}`);
  }
  for (const dropped of item.dropped) {
    lines.push(
      `            ${prefix(dropped.file)} removed: its table is gone${dropped.record ? `; record ${prefix(`metadata/${dropped.record}.xml`)} left` : ''}`,
    );
  }
  return lines;
}

function summaryText(result: IngestResult): string {
  const prefix = (file: string) => (result.path ? `${result.path}/${file}` : file);
  const { summary } = result;
  const lines: string[] = [];
  for (const item of summary.added) lines.push(...dataFileLines('added', item, prefix));
  for (const item of summary.changed) lines.push(...dataFileLines('changed', item, prefix));
  for (const item of summary.removed) {
    lines.push(`removed   ${prefix(item.file)}${item.with.length ? `, with ${item.with.map(prefix).join(', ')}` : ''}`);
    if (item.recordsLeft.length) lines.push(`            records left: ${item.recordsLeft.map(prefix).join(', ')}`);
  }
  for (const item of summary.unchanged) lines.push(`unchanged ${prefix(item.file)} from ${item.from}`);
  for (const item of result.skipped) lines.push(`skipped   ${item.name}: ${item.reason}`);
  for (const note of summary.notes) lines.push(`note: ${note}`);
  if (!result.changed) {
    const count = summary.unchanged.length;
    lines.push(`nothing to ingest: ${result.folder} holds ${count} data file${count === 1 ? '' : 's'}, as the repository has them; no branch was made`);
  } else {
    const base = `${result.base.branch ? `${result.base.branch} at ` : ''}${result.base.commit.slice(0, 12)}`;
    lines.push(`committed ${result.commit!.slice(0, 12)} on new branch ${result.branch} (from ${base}); HEAD, the index and the work tree are untouched`);
    const lfs = result.lfsObjects > 0 ? ` (git-lfs uploads the ${result.lfsObjects} LFS object${result.lfsObjects === 1 ? '' : 's'} on push)` : '';
    lines.push(`push it: ${result.push}${lfs}`);
  }
  return `${terminalText(lines.join('\n'))}\n`;
}

function summaryJson(result: IngestResult) {
  const { summary } = result;
  return {
    committed: result.changed,
    repo: result.repo,
    path: result.path,
    folder: result.folder,
    base: result.base,
    ...(result.changed ? { branch: result.branch, commit: result.commit, push: result.push, lfsObjects: result.lfsObjects } : {}),
    added: summary.added,
    changed: summary.changed,
    removed: summary.removed,
    unchanged: summary.unchanged,
    skipped: result.skipped,
    notes: summary.notes,
  };
}

export async function run(raw: Record<string, unknown>, output: Output = process): Promise<number> {
  let result: IngestResult;
  try {
    result = await ingestFolder(ingestOptions(raw));
  } catch (error) {
    if (!(error instanceof IngestRefused)) throw error;
    for (const problem of error.problems) {
      const where = formatLocation(problem.location);
      output.stderr.write(`${terminalText(`${where ? `${where}: ` : ''}${problem.severity} ${problem.code}: ${problem.message}`)}\n`);
    }
    output.stderr.write(`geoflux: ingest refused: ${error.problems.length} problem(s) in ${terminalText(String(raw.from))}; nothing was written\n`);
    if (raw.json) output.stdout.write(`${JSON.stringify({ committed: false, refused: true, problems: error.problems }, null, 2)}\n`);
    return 1;
  }
  output.stdout.write(raw.json ? `${JSON.stringify(summaryJson(result), null, 2)}\n` : summaryText(result));
  return 0;
}
