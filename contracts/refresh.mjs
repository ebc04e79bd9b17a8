#!/usr/bin/env node
// Refreshes the vendored upstream contracts from a local copy and checks every file against its
// manifest: the table in the SOURCES.md next to it (file | repository | upstream path | commit |
// blob sha1). A file is written only when its git blob sha1 is the one the manifest records, so a
// refresh can never bring in something else than what the provenance says. No network.
//
//   node contracts/refresh.mjs --check
//       verify the files in contracts/ against their manifests (and that none is unlisted)
//   node contracts/refresh.mjs --from /path/to/shared/contracts
//       copy from a folder laid out like contracts/ (e.g. the shared contracts folder)
//   node contracts/refresh.mjs --checkout geoserver/geoserver=/src/geoserver [--checkout …]
//       copy from upstream checkouts, each file at its upstream path (checked out at the commit)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const contractsRoot = dirname(fileURLToPath(import.meta.url));
const MANIFEST_HEADER = ['file', 'repository', 'upstream path', 'commit', 'blob sha1'];
/** Files of contracts/ itself, not vendored: the README and this script at the top, a SOURCES.md per folder. */
const isOwnFile = (file) => file === 'README.md' || file === 'refresh.mjs' || file === 'SOURCES.md' || file.endsWith('/SOURCES.md');

/** The git blob id of some content: what `git hash-object` prints. */
export function blobSha1(bytes) {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const cells = (line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim().replace(/^`|`$/g, ''));

/** The manifest rows of one SOURCES.md (empty when it holds no manifest table, e.g. for derived files). */
export function parseManifest(text, folder) {
  const entries = [];
  let inTable = false;
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('|')) {
      inTable = false;
      continue;
    }
    const row = cells(line);
    if (row.map((cell) => cell.toLowerCase()).join('|') === MANIFEST_HEADER.join('|')) {
      inTable = true;
      continue;
    }
    if (!inTable || row.every((cell) => /^:?-+:?$/.test(cell))) continue;
    const [file, repository, upstreamPath, commit, sha1] = row;
    if (!/^[0-9a-f]{40}$/.test(sha1 ?? '') || !/^[0-9a-f]{40}$/.test(commit ?? '')) throw new Error(`${folder}/SOURCES.md: malformed manifest row: ${line.trim()}`);
    entries.push({ file: folder ? `${folder}/${file}` : file, repository, upstreamPath, commit, sha1 });
  }
  return entries;
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const toPosix = (path) => path.split(sep).join('/');

/** Every manifest under root, and the folders whose SOURCES.md lists no file (derived data, refreshed by hand). */
export function readManifests(root = contractsRoot) {
  const entries = [];
  const unmanaged = [];
  for (const path of walk(root).filter((file) => file.endsWith(`${sep}SOURCES.md`) || file === join(root, 'SOURCES.md'))) {
    const folder = toPosix(relative(root, dirname(path)));
    const found = parseManifest(readFileSync(path, 'utf8'), folder);
    if (found.length === 0) unmanaged.push(folder);
    entries.push(...found);
  }
  return { entries: entries.sort((a, b) => a.file.localeCompare(b.file)), unmanaged };
}

/** Problems with the files in root: missing, altered (sha1 differs), or present without a manifest row. */
export function checkVendored(root = contractsRoot) {
  const { entries, unmanaged } = readManifests(root);
  const problems = [];
  for (const entry of entries) {
    const path = join(root, entry.file);
    if (!existsSync(path)) problems.push(`${entry.file}: missing`);
    else {
      const actual = blobSha1(readFileSync(path));
      if (actual !== entry.sha1) problems.push(`${entry.file}: blob ${actual}, manifest says ${entry.sha1} (${entry.repository} ${entry.upstreamPath})`);
    }
  }
  const listed = new Set(entries.map((entry) => entry.file));
  const inUnmanaged = (file) => unmanaged.some((folder) => folder === '' || file.startsWith(`${folder}/`));
  for (const path of walk(root)) {
    const file = toPosix(relative(root, path));
    if (listed.has(file) || inUnmanaged(file) || isOwnFile(file)) continue;
    problems.push(`${file}: not listed in any SOURCES.md`);
  }
  return problems;
}

/** Copies every manifest file from its source, after checking all of them: nothing is written unless every one matches. */
export function refresh({ from, checkouts = {} }, root = contractsRoot) {
  const { entries } = readManifests(root);
  const problems = [];
  const ready = [];
  for (const entry of entries) {
    const checkout = checkouts[entry.repository];
    const source = checkout ? join(checkout, entry.upstreamPath) : from ? join(from, entry.file) : undefined;
    if (!source) {
      problems.push(`${entry.file}: no --from folder and no --checkout for ${entry.repository}`);
      continue;
    }
    if (!existsSync(source)) {
      problems.push(`${entry.file}: ${source} does not exist`);
      continue;
    }
    const bytes = readFileSync(source);
    const actual = blobSha1(bytes);
    if (actual !== entry.sha1) problems.push(`${entry.file}: ${source} is blob ${actual}, the manifest wants ${entry.sha1} (${entry.repository} ${entry.upstreamPath} at ${entry.commit.slice(0, 12)}); update the SOURCES.md row deliberately if upstream changed`);
    else ready.push([join(root, entry.file), bytes]);
  }
  if (problems.length === 0) for (const [path, bytes] of ready) writeFileSync(path, bytes);
  return { copied: problems.length === 0 ? ready.length : 0, problems };
}

function parseArguments(argv) {
  const options = { check: false, from: undefined, checkouts: {} };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--check') options.check = true;
    else if (argument === '--from') options.from = argv[++i];
    else if (argument === '--checkout') {
      const [repository, dir] = (argv[++i] ?? '').split('=');
      if (!repository || !dir) throw new Error('--checkout wants OWNER/NAME=DIR');
      options.checkouts[repository] = dir;
    } else if (argument === '--help' || argument === '-h') options.help = true;
    else throw new Error(`unknown argument ${argument} (see --help)`);
  }
  return options;
}

const USAGE = `usage: node contracts/refresh.mjs --check
       node contracts/refresh.mjs --from DIR                  (DIR laid out like contracts/)
       node contracts/refresh.mjs --checkout OWNER/NAME=DIR …  (upstream checkouts at the listed commits)
`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const options = parseArguments(process.argv.slice(2));
    if (options.help || (!options.check && !options.from && Object.keys(options.checkouts).length === 0)) {
      process.stdout.write(USAGE);
      process.exit(options.help ? 0 : 1);
    }
    const { problems, copied } = options.check ? { problems: checkVendored(), copied: 0 } : refresh(options);
    for (const problem of problems) process.stderr.write(`contracts: ${problem}\n`);
    const count = readManifests().entries.length;
    if (problems.length > 0) {
      process.stderr.write(`contracts: ${problems.length} problem(s)${options.check ? '' : '; nothing was written'}\n`);
      process.exit(1);
    }
    process.stdout.write(options.check ? `contracts: ${count} files match their manifests\n` : `contracts: ${copied} files copied and verified\n`);
  } catch (error) {
    process.stderr.write(`contracts: ${error.message}\n`);
    process.exit(1);
  }
}
