// Shared by the import tests: temporary git repositories, the example desired state published on
// twins for one platform, and running validate / plan on an imported folder.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
import { loadDesiredState } from '../../reconciler/resources/desired.ts';
import { renderPlatform } from '../../reconciler/engine/render.ts';
import type { Report } from '../../reconciler/report/model.ts';
import type { RenderedState } from '../../reconciler/resources/types.ts';
import { run as runImport } from '../../reconciler/commands/import.ts';
import { run as runPlan } from '../../reconciler/commands/plan.ts';
import { run as runValidate } from '../../reconciler/commands/validate.ts';
import type { RunningTwins } from '../../twins/server.ts';
import { contractsDir } from '../../twins/contracts.ts';

export const EXAMPLE = resolve(import.meta.dirname, '../../desired-state');
export const SAMPLES = join(contractsDir, 'geoserver/samples');
export const TWIN_CREDENTIALS = { geoserver: { user: 'admin', password: 'geoserver' }, geonetwork: { user: 'admin', password: 'admin' } };

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `geoflux-import-${prefix}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function commitAll(dir: string, message = 'import'): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
}

/** A value for every ${VAR} of the example, the planted store secrets, and overrides pointing platform P at the twins. */
export function exampleEnv(twins: RunningTwins, platform: string, planted: { dbPassword: string }): Record<string, string> {
  const env: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (entry.endsWith('.yaml'))
        for (const match of readFileSync(path, 'utf8').matchAll(/\$\{([A-Z0-9_]+)/g)) env[match[1]!] = placeholderValue(match[1]!);
    }
  };
  visit(EXAMPLE);
  env.SIG_DB_PASSWORD = planted.dbPassword;
  return { ...env, ...platformOverrides(twins, platform) };
}

function placeholderValue(name: string): string {
  if (name.endsWith('_DATABASE_URL')) return 'postgres://postgres@127.0.0.1:5432/test';
  if (name.endsWith('_URL')) return 'http://127.0.0.1:9/placeholder';
  return `placeholder-${name.toLowerCase()}`;
}

export function platformOverrides(twins: RunningTwins, platform: string): Record<string, string> {
  const prefix = `GEOFLUX_PLATFORMS_${platform.toUpperCase()}`;
  return {
    [`${prefix}_GEOSERVER_URL`]: twins.geoserver,
    [`${prefix}_GEOSERVER_USER`]: TWIN_CREDENTIALS.geoserver.user,
    [`${prefix}_GEOSERVER_PASSWORD`]: TWIN_CREDENTIALS.geoserver.password,
    [`${prefix}_GEONETWORK_URL`]: twins.geonetwork,
    [`${prefix}_GEONETWORK_USER`]: TWIN_CREDENTIALS.geonetwork.user,
    [`${prefix}_GEONETWORK_PASSWORD`]: TWIN_CREDENTIALS.geonetwork.password,
  };
}

/** The example desired state in a temporary git repository. */
export function exampleRepository(): string {
  const dir = tempDir('example');
  cpSync(EXAMPLE, dir, { recursive: true });
  commitAll(dir, 'example');
  return dir;
}

/**
 * Publishes the example on the twins for `platform` the way an administrator would (the twins' own
 * seeding: their reading of the files, their REST routes), and returns what geoflux renders for
 * that platform: import must find on the twins what geoflux itself would have published.
 */
export async function seedTwinsWithExample(twins: RunningTwins, repo: string, platform: string, env: Record<string, string>): Promise<RenderedState> {
  const { state, problems } = await loadDesiredState({ repo, env });
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`example does not load: ${JSON.stringify(errors[0])}`);
  const response = await fetch(`${twins.control}/seed`, { method: 'POST', body: JSON.stringify({ desired: repo, platform, env }) });
  if (response.status !== 200) throw new Error(`seeding the twins: ${response.status} ${await response.text()}`);
  return renderPlatform(state, state.config.platforms.find((candidate) => candidate.name === platform)!);
}

/** GET on a twin with the admin credentials. */
export async function twinGet(url: string, service: 'geoserver' | 'geonetwork', accept: string): Promise<string> {
  const { user, password } = TWIN_CREDENTIALS[service];
  const response = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, accept } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

/** An SLD 1.0 body in ISO-8859-1 (the "é" is one byte): import must keep it byte for byte. */
export const COUNTRIES_SLD_LATIN1 = Buffer.from(
  `<?xml version="1.0" encoding="ISO-8859-1"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc">
  <NamedLayer>
    <Name>countries</Name>
    <UserStyle>
      <Title>Pays (contour d\u00e9fini)</Title>
      <FeatureTypeStyle>
        <Rule>
          <PolygonSymbolizer><Fill><CssParameter name="fill">#E6E6CC</CssParameter></Fill></PolygonSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`,
  'latin1',
);

/** Lays the release data-directory samples out the way GeoServer stores them. */
export function sampleDataDirectory(): string {
  const root = tempDir('datadir');
  const ws = join(root, 'workspaces', 'ne');
  for (const dir of ['NaturalEarth/countries', 'styles', 'layergroups']) mkdirSync(join(ws, dir), { recursive: true });
  copyFileSync(`${SAMPLES}/datadir-ne-workspace.xml`, join(ws, 'workspace.xml'));
  writeFileSync(
    join(ws, 'namespace.xml'),
    '<namespace>\n  <id>NamespaceInfoImpl-1c443fee:182c0f3f209:-7ffd</id>\n  <prefix>ne</prefix>\n  <uri>https://www.naturalearthdata.com</uri>\n</namespace>\n',
  );
  copyFileSync(`${SAMPLES}/datadir-ne-NaturalEarth-datastore.xml`, join(ws, 'NaturalEarth', 'datastore.xml'));
  copyFileSync(`${SAMPLES}/datadir-ne-countries-featuretype.xml`, join(ws, 'NaturalEarth', 'countries', 'featuretype.xml'));
  copyFileSync(`${SAMPLES}/datadir-ne-countries-layer.xml`, join(ws, 'NaturalEarth', 'countries', 'layer.xml'));
  copyFileSync(`${SAMPLES}/datadir-ne-countries-style.xml`, join(ws, 'styles', 'countries.xml'));
  writeFileSync(join(ws, 'styles', 'countries.sld'), COUNTRIES_SLD_LATIN1);
  // a global style as GeoServer's release ships it: UserStyle right under the root, which geoflux validate refuses
  mkdirSync(join(root, 'styles'), { recursive: true });
  writeFileSync(
    join(root, 'styles', 'ponds.xml'),
    '<style>\n  <id>StyleInfoImpl-ponds</id>\n  <name>ponds</name>\n  <format>sld</format>\n  <languageVersion>\n    <version>1.0.0</version>\n  </languageVersion>\n  <filename>ponds.sld</filename>\n</style>\n',
  );
  copyFileSync(`${SAMPLES}/sld10-Ponds.sld`, join(root, 'styles', 'ponds.sld'));
  copyFileSync(`${SAMPLES}/datadir-ne-world-layergroup.xml`, join(ws, 'layergroups', 'world.xml'));
  const sf = join(root, 'workspaces', 'sf');
  mkdirSync(join(sf, 'sf'), { recursive: true });
  writeFileSync(join(sf, 'workspace.xml'), '<workspace>\n  <id>WorkspaceInfoImpl--27105a88:1247622085b:-7fff</id>\n  <name>sf</name>\n</workspace>\n');
  writeFileSync(
    join(sf, 'namespace.xml'),
    '<namespace>\n  <id>NamespaceInfoImpl--27105a88:1247622085b:-7ffe</id>\n  <prefix>sf</prefix>\n  <uri>http://cite.opengeospatial.org/gmlsf</uri>\n</namespace>\n',
  );
  copyFileSync(`${SAMPLES}/datadir-sf-postgis-datastore.xml`, join(sf, 'sf', 'datastore.xml'));
  return root;
}

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

function capture() {
  const output = { stdout: '', stderr: '' };
  return {
    output,
    sink: {
      stdout: { write: (text: string) => (output.stdout += text) },
      stderr: { write: (text: string) => (output.stderr += text) },
    },
  };
}

export async function importInto(out: string, options: Record<string, unknown>, env: Record<string, string | undefined>): Promise<Captured> {
  const { output, sink } = capture();
  const code = await runImport({ workspace: [], uuid: [], harvested: false, json: true, ...options, out, env }, sink);
  return { code, ...output };
}

/** `geoflux validate` reads the process environment: give it the test's for the call. */
export async function validateFolder(repo: string, env: Record<string, string>): Promise<Captured> {
  const { output, sink } = capture();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  try {
    const code = await runValidate({ repo }, sink);
    return { code, ...output };
  } finally {
    vi.unstubAllEnvs();
  }
}

/** `geoflux plan` on a repository; its report (read back from the state folder) and exit code. */
export async function planFolder(repo: string, env: Record<string, string>): Promise<{ code: number; report: Report; printed: string }> {
  const state = tempDir('state');
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((text: string | Uint8Array) => {
    printed += String(text);
    return true;
  });
  let code: number;
  try {
    code = await runPlan({ repo, state, env, format: 'json', quiet: true });
  } finally {
    write.mockRestore();
  }
  const reports = readdirSync(join(state, 'reports')).filter((file) => file.endsWith('.json'));
  const report = JSON.parse(readFileSync(join(state, 'reports', reports[0]!), 'utf8')) as Report;
  return { code, report, printed };
}

export function readText(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

/** Every file below dir (relative paths), .git excluded. */
export function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((entry) => {
    if (entry === '.git') return [];
    const path = prefix ? `${prefix}/${entry}` : entry;
    return statSync(join(dir, path)).isDirectory() ? listTree(dir, path) : [path];
  });
}
