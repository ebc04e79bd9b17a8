// Sandboxed XSLT 1.0/2.0/3.0 with saxon-js (DESIGN §10): stylesheets come from untrusted merge
// requests, so every resource access saxon-js could make (document(), doc(), unparsed-text(),
// collection(), xsl:include/import, result documents; file:, http:, https:, data: alike) is refused,
// both in the compiling child process and in this process. Compiled SEF is cached by content hash
// in memory and on disk, so a stylesheet is compiled once (~0.7 s) and then runs in ~1 ms per record.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeofluxError, type SourceLocation } from '../desired/model.ts';
import { checkXml, parseXml } from '../desired/xml.ts';

export interface CompiledStylesheet {
  /** sha256 of the stylesheet text (and compiler version): the cache key. */
  hash: string;
  /** The stylesheet's declared version: "1.0", "2.0" or "3.0". */
  version: string;
  location: SourceLocation;
  /** Saxon Export Format, as produced by xslt3 -export. */
  sef: unknown;
}

export interface CompileOptions {
  /** Folder of the on-disk SEF cache (default os.tmpdir()/geoflux-sef). */
  cacheDir?: string;
}

const require = createRequire(import.meta.url);
const xslt3Cli = require.resolve('xslt3/xslt3.js');
const saxonModule = require.resolve('saxon-js');
const compilerVersion = (require('xslt3/package.json') as { version: string }).version;
const COMPILE_TIMEOUT_MS = 60_000;

/**
 * JavaScript run both here (through new Function) and in the compiling child: replaces saxon-js's
 * platform I/O (the only code in saxon-js that touches fs or axios) with functions that refuse
 * everything except the exact files the compiler must read and write.
 */
const SANDBOX_SOURCE = `
  const platform = SaxonJS.getPlatform();
  if (platform.geofluxSandbox) return;
  const pathOf = (resource) => {
    const text = String(resource && typeof resource === 'object' && !(resource instanceof URL) ? (resource.file || resource.location) : resource);
    return text.startsWith('file:') ? decodeURIComponent(new URL(text).pathname) : text;
  };
  const refusal = (what) => new SaxonJS.XError('geoflux sandbox: ' + what + ' is not allowed in a repository stylesheet', 'FODC0002');
  const guard = (name, allowed, asynchronous) => {
    const original = platform[name];
    platform[name] = function (resource, ...rest) {
      if (allowed.includes(pathOf(resource))) return original.call(this, resource, ...rest);
      const error = refusal('access to ' + String(resource && resource.location || resource && resource.file || resource));
      if (asynchronous) return Promise.reject(error);
      throw error;
    };
  };
  guard('readFile', allowedReads, false);
  guard('resourcePromise', allowedReads, true);
  guard('writeFileSync', allowedWrites, false);
  guard('writeFileAsync', allowedWrites, true);
  platform.makeHttpRequest = () => { throw refusal('HTTP'); };
  platform.geofluxSandbox = true;
`;

type Saxon = typeof import('saxon-js').default;
let saxon: Saxon | undefined;

/** saxon-js (2.4 MB of JavaScript) is loaded, and sandboxed, on the first transform only: compiling and validating never need it here. */
export function sandboxedSaxon(): Saxon {
  if (!saxon) {
    const loaded = require('saxon-js') as Saxon;
    new Function('SaxonJS', 'allowedReads', 'allowedWrites', SANDBOX_SOURCE)(loaded, [], []);
    saxon = loaded;
  }
  return saxon;
}

const CHILD_SOURCE = `
  const SaxonJS = require(${JSON.stringify(saxonModule)});
  const input = process.env.GEOFLUX_XSLT_INPUT, output = process.env.GEOFLUX_XSLT_OUTPUT;
  (function (SaxonJS, allowedReads, allowedWrites) { ${SANDBOX_SOURCE} })(SaxonJS, [input], ['file://' + output, output]);
  process.argv = [process.execPath, ${JSON.stringify(xslt3Cli)}, '-xsl:' + input, '-export:' + output, '-nogo'];
  require(${JSON.stringify(xslt3Cli)});
`;

const memoryCache = new Map<string, Promise<CompiledStylesheet>>();

function invalid(message: string, location: SourceLocation, line?: number): GeofluxError {
  return new GeofluxError('InvalidXslt', message, { file: location.file, line: line ?? location.line, ...(line ? {} : { col: location.col }) });
}

/** Checks the stylesheet as untrusted XML and reads its version; include/import are refused up front. */
function inspect(text: string, location: SourceLocation): string {
  const problem = checkXml(text, location.file);
  if (problem) throw new GeofluxError(problem.code, problem.message, problem.location);
  let root: ReturnType<typeof parseXml>;
  try {
    root = parseXml(text);
  } catch (error) {
    throw invalid(`refused: ${(error as Error).message}`, location);
  }
  const XSL = 'http://www.w3.org/1999/XSL/Transform';
  if (!root || root.namespace !== XSL || (root.localName !== 'stylesheet' && root.localName !== 'transform')) {
    if (root?.attributes['xsl:version']) return root.attributes['xsl:version'];
    throw invalid('not an XSLT stylesheet (root must be xsl:stylesheet or xsl:transform)', location, root?.line);
  }
  const external = root.children.find((element) => element.namespace === XSL && ['include', 'import', 'import-schema', 'use-package'].includes(element.localName));
  if (external) {
    throw invalid(`xsl:${external.localName} is not allowed: stylesheets are sandboxed and cannot load other files`, location, external.line);
  }
  const version = root.attributes.version;
  if (!version) throw invalid('xsl:stylesheet has no version attribute', location, root.line);
  return version;
}

/** Turns xslt3's stderr into one line: the error code and message, with temporary paths removed. */
function compileFailure(stderr: string, location: SourceLocation): GeofluxError {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^Failed to compile stylesheet/.test(line));
  const line = /on line (\d+)/.exec(stderr)?.[1];
  const detail = lines
    .map((text) => text.replace(/ on line \d+( column \d+)?( of| in) \S+:?/, '').replace(/^Error /, ''))
    .join(' ')
    .slice(0, 400);
  return invalid(`does not compile: ${detail || 'unknown error'}`, location, line ? Number(line) : undefined);
}

function runCompiler(inputPath: string, outputPath: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', CHILD_SOURCE],
      { env: { GEOFLUX_XSLT_INPUT: inputPath, GEOFLUX_XSLT_OUTPUT: outputPath }, timeout: COMPILE_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stderr: String(stderr) }),
    );
  });
}

async function compileToSef(text: string, hash: string, location: SourceLocation, cacheDir: string): Promise<unknown> {
  const cached = join(cacheDir, `${hash}.sef.json`);
  const fromDisk = await readFile(cached, 'utf8').then((json) => JSON.parse(json) as unknown, () => undefined);
  if (fromDisk) return fromDisk;
  const work = await mkdtemp(join(tmpdir(), 'geoflux-xslt-'));
  try {
    const input = join(work, 'stylesheet.xsl');
    const output = join(work, 'stylesheet.sef.json');
    await writeFile(input, text);
    const { code, stderr } = await runCompiler(input, output);
    const sefText = code === 0 ? await readFile(output, 'utf8').catch(() => undefined) : undefined;
    if (!sefText) throw compileFailure(stderr, location);
    await mkdir(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    await writeFile(temporary, sefText);
    await rename(temporary, cached);
    return JSON.parse(sefText) as unknown;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Compiles a stylesheet to SEF (xslt3 in a sandboxed child process with an empty environment),
 * memoised by sha256 of the text in memory and in cacheDir. Failures are InvalidXslt GeofluxErrors
 * (ForbiddenDoctype / InvalidXml for unsafe or malformed XML) located at `location`.
 */
export function compileStylesheet(text: string, location: SourceLocation, options: CompileOptions = {}): Promise<CompiledStylesheet> {
  const hash = createHash('sha256').update(`xslt3 ${compilerVersion}\0`).update(text).digest('hex');
  const cacheDir = options.cacheDir ?? join(tmpdir(), 'geoflux-sef');
  const key = `${cacheDir}\0${hash}`;
  let compiled = memoryCache.get(key);
  if (!compiled) {
    compiled = (async () => {
      const version = inspect(text, location);
      const sef = await compileToSef(text, hash, location, cacheDir);
      return { hash, version, location, sef };
    })();
    compiled.catch(() => memoryCache.delete(key));
    memoryCache.set(key, compiled);
  }
  return compiled;
}

/** Runs a compiled stylesheet on an XML text, synchronously; string parameters (platform, geoserverUrl, …). */
export function runStylesheet(compiled: CompiledStylesheet, xml: string, params: Record<string, string> = {}): string {
  try {
    const result = sandboxedSaxon().transform(
      { stylesheetInternal: compiled.sef, sourceText: xml, destination: 'serialized', stylesheetParams: params },
      'sync',
    );
    return String(result.principalResult ?? '');
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    throw new GeofluxError('InvalidXslt', `transform failed: ${message}`, compiled.location);
  }
}
