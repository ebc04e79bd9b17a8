// geoflux import --out DIR: writes a desired-state repository from a live platform (adoption).
// Reads from --geoserver/--geonetwork or a platform of an existing geoflux.yaml; selection by
// --workspace, --uuid, --search (Maelstro-like: records bring their layers, styles, stores along).
import { HttpError } from '../clients/http.ts';
import { GeofluxError } from '../core/problems.ts';
import { importPlatform } from '../adopt/import-platform.ts';
import { importMef, summaryText as mefSummary } from './import-mef.ts';
import { resolveSource } from '../adopt/source.ts';
import type { ImportResult, SelectionRequest } from '../adopt/types.ts';
import { checkOutputFolder, writeImport } from '../adopt/write.ts';
import { countsText } from '../adopt/counts.ts';
import { platformCommandOptions } from './options.ts';

interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/** What `geoflux import` accepts, under the CLI's option names. */
export interface ImportInput {
  /** The folder to write the desired state into (new or empty). */
  out: string;
  /** A platform of an existing geoflux.yaml (with repo/path) to read from... */
  platform?: string;
  repo?: string;
  path?: string;
  /** ...or the servers' URLs. */
  geoserver?: string;
  geonetwork?: string;
  /** GeoNetwork group the imported records go to. */
  group?: number | string;
  workspace?: string | string[];
  uuid?: string | string[];
  search?: string;
  /** Also import harvested records. */
  harvested?: boolean;
  /** Also import built-in styles modified on the platform (point, line, polygon, raster, generic). */
  builtinStyles?: boolean;
  concurrency?: number;
  env?: Record<string, string | undefined>;
}

export interface ImportOutcome extends ImportResult {
  out: string;
}

/** Reads a live platform and writes it as a desired-state repository, as `geoflux import` does; nothing is written when reading fails. */
export async function importDesiredState(raw: ImportInput): Promise<ImportOutcome> {
  const out = typeof raw.out === 'string' && raw.out !== '' ? raw.out : undefined;
  if (!out) throw new GeofluxError('InvalidOption', 'import needs --out <dir>: the folder to write the desired state into');
  const { env, timeoutMs, concurrency } = platformCommandOptions({ env: raw.env, concurrency: raw.concurrency });
  const request: SelectionRequest = {
    workspaces: list(raw.workspace),
    uuids: list(raw.uuid),
    search: typeof raw.search === 'string' ? raw.search : undefined,
    harvested: raw.harvested === true,
    builtinStyles: raw.builtinStyles === true,
  };
  if (request.search !== undefined && request.search.trim() === '') throw new GeofluxError('InvalidOption', '--search needs some text');
  await checkOutputFolder(out);
  const source = await resolveSource(
    {
      platform: typeof raw.platform === 'string' ? raw.platform : undefined,
      geoserver: typeof raw.geoserver === 'string' ? raw.geoserver : undefined,
      geonetwork: typeof raw.geonetwork === 'string' ? raw.geonetwork : undefined,
      repo: typeof raw.repo === 'string' ? raw.repo : undefined,
      path: typeof raw.path === 'string' ? raw.path : undefined,
      group: typeof raw.group === 'number' || typeof raw.group === 'string' ? raw.group : undefined,
    },
    env,
  );
  let result: ImportResult;
  try {
    result = await importPlatform(source, request, { concurrency, timeoutMs });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new GeofluxError('ImportFailed', `import from platform ${source.platform} failed, nothing was written: ${error.message}`);
  }
  await writeImport(out, result.files);
  return { ...result, out };
}

export async function run(raw: Record<string, unknown>, output: Output = process): Promise<number> {
  if (typeof raw.mef === 'string') {
    if (typeof raw.out !== 'string' || raw.out === '')
      throw new GeofluxError('InvalidOption', 'import --mef needs --out <dir>: the desired state to write the records into');
    const outcome = await importMef({ out: raw.out, mef: raw.mef });
    output.stdout.write(raw.json ? `${JSON.stringify(outcome, null, 2)}\n` : mefSummary(outcome));
    return 0;
  }
  const result = await importDesiredState(raw as unknown as ImportInput);
  output.stdout.write(raw.json ? `${JSON.stringify(summaryJson(result.out, result), null, 2)}\n` : summaryText(result.out, result));
  return 0;
}

function summaryJson(out: string, result: ImportResult) {
  return { out, platform: result.platform, counts: result.counts, files: [...result.files.keys()].sort(), variables: result.variables, notes: result.notes };
}

const NOTE_PREFIX: Record<string, string> = { skipped: 'not imported', firstApply: 'first apply changes', invalid: 'fix before the first plan' };

function summaryText(out: string, result: ImportResult): string {
  const lines = [`imported platform ${result.platform} into ${out}: ${countsText(result.counts)}`];
  if (result.variables.length > 0) lines.push(`set these variables (see ${out}/README.md): ${result.variables.map((variable) => variable.name).join(', ')}`);
  for (const note of result.notes.filter((candidate) => candidate.kind !== 'info')) {
    lines.push(`${NOTE_PREFIX[note.kind]}: ${note.subject}: ${note.message}`);
  }
  return `${lines.join('\n')}\n`;
}
