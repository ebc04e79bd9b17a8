// Repository XSLT 1.0/2.0/3.0 (saxon-js): the static policy first (xslt-policy.ts), then compile and
// run in the sandbox (sandbox.ts), never in the geoflux process. Compiled SEF is cached by the hash
// of the stylesheet's whole closure (its modules and the files it reads), in memory and on disk,
// so a stylesheet is compiled once (~1 s) and then runs in about a millisecond per record.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { GeofluxError, type SourceLocation } from '../core/problems.ts';
import { compileInSandbox, SandboxRunError, sharedRunner, type CompiledSef, type SandboxStylesheet } from './sandbox.ts';
import { checkStylesheet } from './xslt-policy.ts';

export interface CompiledStylesheet extends SandboxStylesheet {
  /** Repository path of the transform, e.g. transforms/urls.xsl. */
  entry: string;
  location: SourceLocation;
}

export interface CompileOptions {
  /** Folder of the on-disk SEF cache (default: a private folder under os.tmpdir()). */
  cacheDir?: string;
}

const require = createRequire(import.meta.url);
const compilerVersion = (require('xslt3/package.json') as { version: string }).version;

const memoryCache = new Map<string, Promise<CompiledStylesheet>>();

/** The cache folder only this user can write: a SEF planted by someone else would run as this stylesheet. */
async function privateFolder(dir: string): Promise<boolean> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  const uid = process.getuid?.();
  return (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
}

function defaultCacheDir(): string {
  let user = 'user';
  try {
    user = String(process.getuid?.() ?? userInfo().username);
  } catch {
    // no user name (some containers): one folder for all
  }
  return join(tmpdir(), `geoflux-sef-${user}`);
}

/** Turns xslt3's output into one line: the error code and message, with line numbers kept apart. */
function compileFailure(output: string, location: SourceLocation): GeofluxError {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^Failed to compile stylesheet/.test(line));
  const position = /on line (\d+)(?: column (\d+))? (?:of|in) (\S+?):?(?:\s|$)/.exec(output);
  const detail = lines
    .map((text) => text.replace(/ on line \d+( column \d+)?( of| in) \S+:?/, '').replace(/^Error /, ''))
    .join(' ')
    .slice(0, 400);
  const file = position?.[3]?.startsWith('transforms/') ? position[3] : location.file;
  return new GeofluxError('InvalidXslt', `does not compile: ${detail || 'unknown error'}`, position ? { file, line: Number(position[1]) } : location);
}

/** The XML prolog's encoding, rewritten: files reach the compiler as UTF-8 text whatever git held. */
function asUtf8(text: string): string {
  return text.replace(/^(\uFEFF?<\?xml[^?]*?encoding\s*=\s*)(["'])[^"']*\2/, '$1$2UTF-8$2');
}

/**
 * Checks the transform at `entry` (desired-state path) against the policy and compiles it, with the
 * files under transforms/ (`files`: path → text). The first refusal or compile error is thrown as a
 * GeofluxError located in the repository.
 */
export function compileStylesheet(
  entry: string,
  files: ReadonlyMap<string, string>,
  location: SourceLocation,
  options: CompileOptions = {},
): Promise<CompiledStylesheet> {
  const { problems, closure } = checkStylesheet(entry, files);
  if (problems.length > 0) {
    const first = problems[0]!;
    return Promise.reject(new GeofluxError(first.code, first.message, first.location));
  }
  const closureFiles = new Map([...closure.modules, ...closure.resources].map((path) => [path, files.get(path)!]));
  const hash = createHash('sha256').update(`xslt3 ${compilerVersion}\0${entry}\0`);
  for (const [path, text] of [...closureFiles].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${text}\0`);
  const digest = hash.digest('hex');
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = `${cacheDir}\0${digest}`;
  let compiled = memoryCache.get(key);
  if (!compiled) {
    compiled = (async () => {
      const { sef, root } = await cachedSef(digest, cacheDir, async () => {
        const result = await compileInSandbox(entry, new Map([...closureFiles].map(([path, text]) => [path, asUtf8(text)])));
        if ('failure' in result) throw compileFailure(result.failure, location);
        return result;
      });
      const files = Object.fromEntries([...closureFiles].map(([path, text]) => [root + path, text]));
      return { key: digest, entry, location, sef, files };
    })();
    compiled.catch(() => memoryCache.delete(key));
    memoryCache.set(key, compiled);
  }
  return compiled;
}

async function cachedSef(digest: string, cacheDir: string, compile: () => Promise<CompiledSef>): Promise<CompiledSef> {
  const usable = await privateFolder(cacheDir).catch(() => false);
  const file = join(cacheDir, `${digest}.sef.json`);
  if (usable) {
    const fromDisk = await readFile(file, 'utf8').then(
      (json) => JSON.parse(json) as CompiledSef,
      () => undefined,
    );
    if (fromDisk?.sef && typeof fromDisk.root === 'string') return fromDisk;
  }
  const sef = await compile();
  if (usable) {
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(sef), { mode: 0o600 })
      .then(() => rename(temporary, file))
      .catch(() => undefined);
  }
  return sef;
}

export interface TransformInput {
  xml: string;
  /** The record's file: named in the error when a transform fails on it. */
  location: SourceLocation;
}

/**
 * Runs every input through the chain of compiled stylesheets, in order, in the sandbox; string
 * parameters (platform, geoserverUrl, …). A failure or a limit is a GeofluxError naming the
 * stylesheet and the record.
 */
export async function runStylesheets(chain: CompiledStylesheet[], inputs: TransformInput[], params: Record<string, string> = {}): Promise<string[]> {
  if (chain.length === 0 || inputs.length === 0) return inputs.map((input) => input.xml);
  try {
    return await sharedRunner().run(
      chain,
      inputs.map((input) => input.xml),
      params,
    );
  } catch (error) {
    if (!(error instanceof SandboxRunError)) throw error;
    const record = inputs[error.index]?.location.file ?? 'a record';
    const stylesheet = chain.find((candidate) => candidate.key === error.stylesheetKey) ?? chain[0]!;
    if (error.reason === 'failed') throw new GeofluxError('InvalidXslt', `transform failed on ${record}: ${error.message}`, stylesheet.location);
    const subject = error.reason === 'crashed' ? 'the transform sandbox' : `${stylesheet.entry} on ${record}`;
    throw new GeofluxError('XsltLimitExceeded', `${subject} ${error.message}`, stylesheet.location);
  }
}

/** Every file under transforms/ of a desired state, by path: what transforms may include and read. */
export function transformFiles(state: {
  transforms: { text: string; location: SourceLocation }[];
  transformResources: { path: string; text: string }[];
}): Map<string, string> {
  const files = new Map<string, string>();
  for (const transform of state.transforms) files.set(transform.location.file, transform.text);
  for (const resource of state.transformResources) files.set(resource.path, resource.text);
  return files;
}
