// Thin CLI: parses arguments and hands them to reconciler/commands/<name>.ts, which tests call too.
// Each command module exports `run(options): Promise<number>` returning the exit code.
import { Command, Option } from 'commander';
import { HttpError } from './clients/http.ts';
import { unreachable } from './clients/unreachable.ts';
import { GeofluxError, formatLocation } from './core/problems.ts';
import { geofluxVersion } from './paths.ts';
import { terminalText } from './report/escape.ts';

type CommandModule = { run(options: Record<string, unknown>): Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  validate: () => import('./commands/validate.ts'),
  plan: () => import('./commands/plan.ts'),
  apply: () => import('./commands/apply.ts'),
  reconcile: () => import('./commands/reconcile.ts'),
  drift: () => import('./commands/drift.ts'),
  import: () => import('./commands/import.ts'),
  ingest: () => import('./commands/ingest.ts'),
  'flows-run': () => import('./commands/flows-run.ts'),
  'flows-status': () => import('./commands/flows-status.ts'),
  'site-build': () => import('./commands/site-build.ts'),
  'site-preview': () => import('./commands/site-preview.ts'),
  state: () => import('./commands/state.ts'),
  twins: () => import('./commands/twins.ts'),
  demo: () => import('./commands/demo.ts'),
};

async function dispatch(name: string, options: Record<string, unknown>): Promise<void> {
  const module = await commands[name]!();
  process.exitCode = await module.run(options);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function repoOptions(command: Command): Command {
  return command
    .option('--repo <dir>', 'git repository holding the desired state', '.')
    .option('--path <subdir>', 'sub-folder of the repository holding the desired state', '')
    .option('--json', 'print the result as JSON');
}

function platformOptions(command: Command): Command {
  return repoOptions(command)
    .option('--platform <name...>', 'platform(s) to act on (default: all, in geoflux.yaml order)')
    .option('--state <dir>', 'state directory (default: <repo>/.geoflux)')
    .option('--concurrency <n>', 'requests in flight per server', (v) => Number.parseInt(v, 10), 8)
    .addOption(new Option('--format <format>', 'output format').choices(['markdown', 'json', 'gitlab', 'text']).default('text'))
    .option('--report <file>', 'also write the rendered output (in --format) to this file')
    .option('--quiet', 'print only the summary');
}

const program = new Command('geoflux')
  .description('GitOps for spatial data infrastructures: GeoServer, GeoNetwork and GeoNature from git')
  .version(`geoflux ${geofluxVersion()}`, '-V, --version', 'print the version of geoflux')
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 1);
  });

repoOptions(program.command('validate').description('check the desired state at a commit: schemas, XML, SLD, references, XSLT, cron'))
  .option('--commit <ref>', 'commit to validate', 'HEAD')
  .option('--platform <name...>', "require only these platforms' variables (default: every platform's)")
  .option('--no-flows', "do not require the flows' variables")
  .action((options) => dispatch('validate', options));

platformOptions(program.command('plan').description('show what apply would change on each platform (exit 2 when changes are pending)'))
  .option('--commit <ref>', 'commit to plan', 'HEAD')
  .option('--target <kind:key>', 'restrict to resources (repeatable)', collect)
  .option('--out <plan.json>', 'save the plan for apply --plan (JSON, no secrets)')
  .action((options) => dispatch('plan', options));

platformOptions(program.command('apply').description('make the platforms match the desired state at a commit'))
  .option('--commit <ref>', 'commit to apply', 'HEAD')
  .option('--target <kind:key>', 'restrict to resources (repeatable)', collect)
  .option('--wait', 'wait for another apply on the same platform instead of stopping')
  .option('--plan <plan.json>', 'apply exactly this saved plan (plan --out); nothing when the platform or the desired state moved since')
  .addOption(
    new Option('--if-stale <policy>', 'with --plan, when the plan is stale: fail (exit 1) or replan (apply what a new plan finds, saying so)').choices([
      'fail',
      'replan',
    ]),
  )
  .action((options) => dispatch('apply', options));

platformOptions(program.command('reconcile').description("apply every commit since each platform's last applied commit, oldest first"))
  .option('--latest', 'apply HEAD only, listing the skipped commits in the report')
  .option('--wait', 'wait for another apply on the same platform instead of stopping')
  .action((options) => dispatch('reconcile', options));

platformOptions(program.command('drift').description('compare live state with HEAD: what was changed by hand (exit 2 when drifted)'))
  .option('--heal', 'put drifted resources back as git says')
  .option('--wait', 'wait for another run on the same platform instead of stopping')
  .action((options) => dispatch('drift', options));

program
  .command('import')
  .description('write a desired-state repository from a live platform (adoption)')
  .requiredOption('--out <dir>', 'folder to write the desired state into')
  .option('--repo <dir>', 'existing repository whose geoflux.yaml names the platform', '.')
  .option('--path <subdir>', 'sub-folder of --repo holding geoflux.yaml', '')
  .option('--platform <name>', 'platform of geoflux.yaml to read from')
  .option('--geoserver <url>', 'GeoServer base URL (credentials: GEOFLUX_IMPORT_GEOSERVER_USER / _PASSWORD)')
  .option('--geonetwork <url>', 'GeoNetwork base URL (credentials: GEOFLUX_IMPORT_GEONETWORK_USER / _PASSWORD)')
  .option('--workspace <ws>', 'workspace to import (repeatable; default all)', collect)
  .option('--uuid <uuid>', 'record to import with its layers (repeatable)', collect)
  .option('--search <text>', 'import the records matching this full-text search, with their layers')
  .option('--harvested', 'include harvested records in the search')
  .option('--builtin-styles', 'also import the built-in styles (point, line, polygon, raster, generic) modified on the platform')
  .option('--group <id>', 'GeoNetwork group of the imported records (default: geoflux.yaml, or the most common group)')
  .option('--mef <file|folder>', 'instead of a platform: write the records of MEF zips (GeoNetwork exports) and their public attachments into --out')
  .option('--json', 'print the summary as JSON')
  .action((options) => dispatch('import', options));

program
  .command('ingest')
  .description('turn a synchronised folder of data files (GeoPackage, zipped shapefile, GeoTIFF) into a commit on a new branch')
  .requiredOption('--from <folder>', 'the folder (files at its top go to --workspace, files in a sub-folder to the workspace it names)')
  .option('--repo <dir>', 'git repository holding the desired state', '.')
  .option('--path <subdir>', 'sub-folder of the repository holding the desired state', '')
  .option('--branch <name>', 'branch to create (default ingest/<yyyy-mm-dd-hhmmss>, UTC)')
  .option('--workspace <ws>', 'workspace of the files at the top of the folder')
  .option('--lfs', 'commit data files as Git LFS pointers (default: as .gitattributes routes their path)')
  .option('--no-lfs', 'commit data files as plain blobs')
  .option('--max-file-size <size>', 'refuse larger data files: bytes, or with K, M or G (default 1G)')
  .option('--json', 'print the summary as JSON')
  .action((options) => dispatch('ingest', options));

const flows = program.command('flows').description('GeoNature export → PostgreSQL data flows');
repoOptions(flows.command('run').description('run flows (all, the named ones, or those due by their cron)'))
  .argument('[names...]', 'flow names (file names under flows/)')
  .option('--due', 'run only the flows whose schedule is due since their last successful run')
  .option('--full', 'full transfer instead of incremental')
  .option('--reconcile-ids', 'also compare the full id set and delete rows that left the export')
  .option('--state <dir>', 'state directory (default: <repo>/.geoflux)')
  .option('--wait', 'wait for another run of the same flow instead of stopping')
  .option('--quiet', 'print only the summary')
  .action((names: string[], options) => dispatch('flows-run', { ...options, names }));
repoOptions(flows.command('status').description('last run, rows, next run and alerts per flow'))
  .option('--state <dir>', 'state directory (default: <repo>/.geoflux)')
  .action((options) => dispatch('flows-status', options));

const site = program.command('site').description('the static dashboard');
site
  .command('build')
  .description('build the static site from the report files')
  .option('--repo <dir>', 'desired-state repository (for geoflux.yaml: language, freshness)', '.')
  .option('--path <subdir>', 'sub-folder of the repository holding the desired state', '')
  .option('--state <dir>', 'state directory (default: <repo>/.geoflux)')
  .option('--reports <dir>', 'report folder (default: <state>/reports)')
  .option('--out <dir>', 'output folder (default: <state>/site)')
  .action((options) => dispatch('site-build', options));
site
  .command('preview')
  .description('serve the built site on loopback')
  .option('--out <dir>', 'built site folder (default: .geoflux/site)')
  .option('--port <n>', 'port', (v) => Number.parseInt(v, 10), 4321)
  .action((options) => dispatch('site-preview', options));

const state = program.command('state').description('keep the state directory on a git branch, so CI jobs on fresh runners share it');
const stateOptions = (command: Command) =>
  command
    .option('--repo <dir>', 'git repository holding the state branch', '.')
    .option('--state <dir>', 'state directory (default: <repo>/.geoflux)')
    .option('--branch <name>', 'state branch', 'geoflux-state')
    .option('--remote <name>', 'remote holding the branch (no such remote: the local branch)', 'origin')
    .option('--json', 'print the result as JSON');
stateOptions(state.command('pull').description('copy the state branch into the state directory (absent branch: empty state)')).action((options) =>
  dispatch('state', { ...options, action: 'pull' }),
);
stateOptions(state.command('push').description('commit what changed in the state directory since the pull onto the state branch, and push it'))
  .option('--message <text>', 'commit message')
  .action((options) => dispatch('state', { ...options, action: 'push' }));

program
  .command('twins')
  .description('start the GeoServer, GeoNetwork and GeoNature twins on loopback')
  .option('--port <n>', 'port (0 = any free port)', (v) => Number.parseInt(v, 10), 0)
  .option('--seed <path>', 'seed from a desired-state folder or a GeoServer data directory')
  .option('--platform <name>', 'with a desired-state seed: the platform the twins play (default: the first)')
  .option('--geonature-rows <n>', 'synthetic GeoNature observations', (v) => Number.parseInt(v, 10), 10_000)
  .addOption(new Option('--geoserver-user <name>', 'GeoServer administrator (default admin)').env('GEOFLUX_TWINS_GEOSERVER_USER'))
  .addOption(new Option('--geoserver-password <password>', 'its password (default geoserver)').env('GEOFLUX_TWINS_GEOSERVER_PASSWORD'))
  .addOption(new Option('--geonetwork-user <name>', 'GeoNetwork administrator (default admin)').env('GEOFLUX_TWINS_GEONETWORK_USER'))
  .addOption(new Option('--geonetwork-password <password>', 'its password (default admin)').env('GEOFLUX_TWINS_GEONETWORK_PASSWORD'))
  .addOption(
    new Option('--geonature-token <token>', 'token of the non-public GeoNature export (default geoflux-twin-token)').env('GEOFLUX_TWINS_GEONATURE_TOKEN'),
  )
  .addOption(
    new Option('--geonature-user <name>', 'GeoNature account that reads every export and the deletion log (default admin)').env('GEOFLUX_TWINS_GEONATURE_USER'),
  )
  .addOption(new Option('--geonature-password <password>', 'its password (default admin)').env('GEOFLUX_TWINS_GEONATURE_PASSWORD'))
  .action((options) => dispatch('twins', options));

program
  .command('demo')
  .description('the whole story on twins: reconcile, drift, flows, site')
  .option('--no-serve', 'exit once the site is built instead of serving it')
  .option('--dir <dir>', 'scratch folder (default: a new temporary folder)')
  .option('--port <n>', 'site port', (v) => Number.parseInt(v, 10), 4321)
  .action((options) => dispatch('demo', options));

/** After a usage error (unknown command or option, missing argument): one line pointing at the help, not the help. */
function pointAtHelp(command: Command, words: string[]): void {
  command.showHelpAfterError(`Run 'geoflux ${[...words, '--help'].join(' ')}' for usage.`);
  for (const sub of command.commands) pointAtHelp(sub, [...words, sub.name()]);
}
pointAtHelp(program, []);

/** Errors of the machine or the network (a port in use, a missing folder, a server that does not answer) are not bugs. */
const ENVIRONMENT_CODES = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EROFS', 'EMFILE']);

function errorLine(error: unknown): string | undefined {
  if (error instanceof GeofluxError) {
    const where = formatLocation(error.location);
    return `${where ? `${where}: ` : ''}${error.code}: ${error.message}`;
  }
  const unanswered = unreachable(error);
  if (unanswered)
    return `cannot reach ${new URL(unanswered.url).origin}: ${unanswered.reason} (${unanswered.method} ${unanswered.url}); check that the server runs and that its URL is right`;
  if (error instanceof HttpError) return error.message;
  const { code, port, address } = (error ?? {}) as { code?: unknown; port?: number; address?: string };
  if (code === 'EADDRINUSE' && port !== undefined)
    return `port ${port} on ${address ?? '127.0.0.1'} is already in use: stop what listens there or choose another --port`;
  if (typeof code === 'string' && ENVIRONMENT_CODES.has(code)) return (error as Error).message;
  return undefined;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const line = errorLine(error);
  // Messages quote repository content (paths, names, URLs): no control character reaches the terminal.
  process.stderr.write(line ? `geoflux: ${terminalText(line)}\n` : `geoflux: internal error (a bug, please report it):\n${(error as Error)?.stack ?? error}\n`);
  process.exitCode = 1;
}
