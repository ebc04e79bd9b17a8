// A platform's transforms on the records it publishes, as an administrator would run them before
// the upload: xslt3 compiles each transforms/<name>.xsl once, saxon-js runs the chain on every
// record with the parameters platform, geoserverUrl, geonetworkUrl and the platform's vars. Both run
// in child processes that see only a temporary copy of transforms/ and the records (Node's
// permission model, an empty environment, a time limit): the stylesheets come from the repository.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ControlError } from '../control-error.ts';
import type { DesiredFiles } from './files.ts';

const require = createRequire(import.meta.url);
const saxonModule = require.resolve('saxon-js');
const xslt3Cli = require.resolve('xslt3/xslt3.js');
const TIME_LIMIT_MS = 60_000;

// saxon-js loads axios for HTTP only: a stylesheet gets no HTTP, and the child needs no read of axios.
const NO_HTTP = String.raw`
const Module = require('module');
const realLoad = Module._load;
const noHttp = new Proxy(function () {}, { get: () => noHttp, apply: () => { throw new Error('no HTTP in a seed transform'); } });
Module._load = function (request) { return request === 'axios' ? noHttp : realLoad.apply(this, arguments); };
`;

const COMPILER = String.raw`
const [cli, entry, output] = process.argv.slice(1);
process.argv = [process.execPath, cli, '-xsl:' + entry, '-export:' + output, '-nogo'];
require(cli);
`;

const RUNNER = String.raw`
const [saxonModule, jobFile] = process.argv.slice(1);
const fs = require('fs');
const SaxonJS = require(saxonModule);
const job = JSON.parse(fs.readFileSync(jobFile, 'utf8'));
const outputs = [];
for (const [index, recordFile] of job.records.entries()) {
  let xml = fs.readFileSync(recordFile, 'utf8');
  for (const stylesheet of job.chain) {
    try {
      xml = String(SaxonJS.transform({ stylesheetFileName: stylesheet.sef, sourceText: xml, destination: 'serialized', stylesheetParams: job.params }, 'sync').principalResult ?? '');
    } catch (error) {
      process.stdout.write(JSON.stringify({ failed: { index, transform: stylesheet.name, message: String(error && error.message || error) } }));
      process.exit(0);
    }
  }
  outputs.push(xml);
}
process.stdout.write(JSON.stringify({ outputs }));
`;

const compiled = new Map<string, Promise<string>>();

function run(args: string[], work: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const flags = [
    '--experimental-permission',
    `--allow-fs-read=${work}/*`,
    `--allow-fs-read=${dirname(saxonModule)}/*`,
    `--allow-fs-read=${dirname(xslt3Cli)}/*`,
    `--allow-fs-write=${work}/*`,
    '--no-warnings',
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...flags, ...args], { env: {}, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The SEF of transforms/<name>.xsl (compiled once per content of transforms/). */
function compile(files: DesiredFiles, name: string, transformsKey: string): Promise<string> {
  const key = `${transformsKey}\0${name}`;
  let sef = compiled.get(key);
  if (!sef) {
    sef = (async () => {
      const work = await copyTransforms(files);
      try {
        const output = join(work, `${name}.sef.json`);
        const result = await run(['-e', NO_HTTP + COMPILER, xslt3Cli, join(work, 'transforms', `${name}.xsl`), output], work);
        if (result.code !== 0) {
          const detail = `${result.stderr}${result.stdout}`.replaceAll(`${work}/`, '').trim().split('\n').slice(0, 3).join(' ');
          throw new ControlError(400, `seed: transforms/${name}.xsl does not compile: ${detail || `xslt3 ended with ${result.code}`}`);
        }
        return await readFile(output, 'utf8');
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    })();
    sef.catch(() => compiled.delete(key));
    compiled.set(key, sef);
  }
  return sef;
}

async function copyTransforms(files: DesiredFiles): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'twin-seed-xslt-'));
  for (const [file, bytes] of files) {
    if (!file.startsWith('transforms/')) continue;
    await mkdir(dirname(join(work, file)), { recursive: true });
    await writeFile(join(work, file), bytes);
  }
  return work;
}

/** Each record's XML through the chain of transforms, in order. */
export async function runTransforms(
  files: DesiredFiles,
  transforms: string[],
  records: { file: string; xml: string }[],
  params: Record<string, string>,
): Promise<string[]> {
  if (records.length === 0) return [];
  for (const name of transforms) {
    if (!files.has(`transforms/${name}.xsl`))
      throw new ControlError(400, `seed: geoflux.yaml: the platform lists transform ${name}, and there is no transforms/${name}.xsl`);
  }
  const hash = createHash('sha256');
  for (const [file, bytes] of [...files].filter(([file]) => file.startsWith('transforms/')).sort(([a], [b]) => (a < b ? -1 : 1)))
    hash.update(`${file}\0`).update(bytes);
  const transformsKey = hash.digest('hex');
  const sefs = await Promise.all(transforms.map((name) => compile(files, name, transformsKey)));
  const work = await mkdtemp(join(tmpdir(), 'twin-seed-xslt-'));
  try {
    const chain = await Promise.all(
      transforms.map(async (name, index) => {
        const sef = join(work, `${index}.sef.json`);
        await writeFile(sef, sefs[index]!);
        return { name, sef };
      }),
    );
    const recordFiles = await Promise.all(
      records.map(async (record, index) => {
        const file = join(work, `record-${index}.xml`);
        await writeFile(file, record.xml);
        return file;
      }),
    );
    const jobFile = join(work, 'job.json');
    await writeFile(jobFile, JSON.stringify({ chain, records: recordFiles, params }));
    const result = await run(['-e', NO_HTTP + RUNNER, saxonModule, jobFile], work);
    let answer: { outputs?: string[]; failed?: { index: number; transform: string; message: string } };
    try {
      answer = JSON.parse(result.stdout);
    } catch {
      throw new ControlError(
        400,
        `seed: the transforms did not finish (${result.code === null ? 'time limit' : `exit ${result.code}`}): ${result.stderr.trim().split('\n')[0] ?? ''}`,
      );
    }
    if (answer.failed) {
      const { index, transform, message } = answer.failed;
      throw new ControlError(400, `seed: transforms/${transform}.xsl fails on ${records[index]!.file}: ${message}`);
    }
    return answer.outputs!;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
