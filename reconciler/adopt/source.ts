// Where an import reads from: --geoserver/--geonetwork URLs (credentials GEOFLUX_IMPORT_*), or a
// platform of an existing geoflux.yaml (its ${VAR}s and GEOFLUX_PLATFORMS_<P>_… overrides). Also
// what the written geoflux.yaml says for url, user and password: ${VAR}s, never a secret.
import { parseDocument } from 'yaml';
import { CONFIG_OVERRIDABLE_KEYS, toConfig } from '../desired/config.ts';
import { readYamlFile } from '../desired/files.ts';
import { coreSchema } from '../desired/schemas.ts';
import { listFiles, openRepository, readBlob, resolveCommit } from '../desired/git.ts';
import type { PlatformConfig } from '../desired/model.ts';
import { GeofluxError } from '../core/problems.ts';
import type { Env } from '../transform/vars.ts';
import { variableName } from '../resources/adoption-secrets.ts';
import type { ImportSource } from './types.ts';

export interface SourceOptions {
  platform?: string;
  geoserver?: string;
  geonetwork?: string;
  repo?: string;
  path?: string;
  group?: number | string;
}

const DEFAULT_PLATFORM = 'main';
const PLATFORM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$/;

export async function resolveSource(options: SourceOptions, env: Env): Promise<ImportSource> {
  const source = options.geoserver !== undefined || options.geonetwork !== undefined ? fromFlags(options, env) : await fromConfig(options, env);
  const group = parseGroup(options.group ?? env.GEOFLUX_IMPORT_GEONETWORK_GROUP, options.group !== undefined ? '--group' : 'GEOFLUX_IMPORT_GEONETWORK_GROUP');
  if (group !== undefined) source.group = group;
  return source;
}

function parseGroup(value: number | string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const group = Number(value);
  if (!Number.isInteger(group) || group < 0)
    throw new GeofluxError('InvalidOption', `${what} must be a GeoNetwork group id (an integer), not ${String(value)}`);
  return group;
}

function baseUrl(text: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GeofluxError('InvalidOption', `${flag} ${text} is not a URL (e.g. https://example.org/geoserver)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new GeofluxError('InvalidOption', `${flag} must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password) throw new GeofluxError('InvalidOption', `${flag}: put credentials in GEOFLUX_IMPORT_* variables, not in the URL`);
  return text.replace(/\/+$/, '');
}

function checkPlatformName(name: string): string {
  if (!PLATFORM_NAME.test(name)) throw new GeofluxError('InvalidOption', `--platform ${name}: a platform name is letters, digits, - and _`);
  return name;
}

function fromFlags(options: SourceOptions, env: Env): ImportSource {
  if (options.geoserver === undefined || options.geonetwork === undefined) {
    throw new GeofluxError(
      'InvalidOption',
      `--geoserver and --geonetwork go together (missing --${options.geoserver === undefined ? 'geoserver' : 'geonetwork'})`,
    );
  }
  const platform = checkPlatformName(options.platform ?? DEFAULT_PLATFORM);
  const geoserver = baseUrl(options.geoserver, '--geoserver');
  const geonetwork = baseUrl(options.geonetwork, '--geonetwork');
  const placeholder = (server: string, what: string) => `\${${variableName(platform, server, what)}}`;
  return {
    platform,
    geoserver: { url: geoserver, user: env.GEOFLUX_IMPORT_GEOSERVER_USER ?? '', password: env.GEOFLUX_IMPORT_GEOSERVER_PASSWORD ?? '' },
    geonetwork: { url: geonetwork, user: env.GEOFLUX_IMPORT_GEONETWORK_USER ?? '', password: env.GEOFLUX_IMPORT_GEONETWORK_PASSWORD ?? '' },
    written: {
      geoserver: { url: geoserver, user: placeholder('geoserver', 'user'), password: placeholder('geoserver', 'password') },
      geonetwork: { url: geonetwork, user: placeholder('geonetwork', 'user'), password: placeholder('geonetwork', 'password') },
    },
  };
}

async function fromConfig(options: SourceOptions, env: Env): Promise<ImportSource> {
  const repoDir = options.repo ?? '.';
  const path = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  const repo = openRepository(repoDir);
  const sha = await resolveCommit(repo, 'HEAD');
  const file = (await listFiles(repo, sha, path)).find((candidate) => candidate.path === 'geoflux.yaml');
  const shown = path ? `${path}/geoflux.yaml` : 'geoflux.yaml';
  if (!file) {
    throw new GeofluxError('NoSuchPath', `no ${shown} in ${repoDir} at HEAD: give --geoserver and --geonetwork, or --repo/--path of a desired state`);
  }
  const bytes = await readBlob(repo, file.oid);
  const loaded = readYamlFile(bytes, shown, { schema: coreSchema('geoflux'), env, overridePrefix: [], overridableKeys: CONFIG_OVERRIDABLE_KEYS });
  if (!loaded.value) throw problemError(loaded.problems[0]);
  const config = toConfig(loaded.value, { file: shown });
  const names = config.platforms.map((platform) => platform.name);
  const name = options.platform ?? (names.length === 1 ? names[0]! : undefined);
  if (!name) throw new GeofluxError('NoSuchPlatform', `${shown} has ${names.length} platforms (${names.join(', ')}): choose one with --platform`);
  const platform = config.platforms.find((candidate) => candidate.name === name);
  if (!platform) throw new GeofluxError('NoSuchPlatform', `no platform ${name} in ${shown} (known: ${names.join(', ')})`);

  // problems of other platforms (their unset variables) do not stop reading this one
  const start = loaded.locate(['platforms', name]).line ?? 0;
  const next = names[names.indexOf(name) + 1];
  const end = next ? (loaded.locate(['platforms', next]).line ?? Infinity) : Infinity;
  const blocking = loaded.problems.find(
    (problem) => problem.severity === 'error' && (problem.location.line ?? 0) >= start && (problem.location.line ?? 0) < end,
  );
  if (blocking) throw problemError(blocking);
  for (const server of ['geoserver', 'geonetwork'] as const) {
    if (!platform[server].url) throw new GeofluxError('UnsetVariable', `platform ${name}: ${server}.url is empty`, loaded.locate(['platforms', name, server]));
    baseUrl(platform[server].url, `${shown}: platforms.${name}.${server}.url`);
  }
  return {
    platform: name,
    geoserver: endpointOf(platform.geoserver),
    geonetwork: endpointOf(platform.geonetwork),
    group: Number.isInteger(platform.geonetwork.group) ? platform.geonetwork.group : undefined,
    written: writtenEndpoints(new TextDecoder().decode(bytes), platform),
  };
}

function endpointOf({ url, user, password }: { url: string; user: string; password: string }) {
  return { url: url.replace(/\/+$/, ''), user, password };
}

/** The source's own ${VAR}s when it uses them, else placeholders named after the platform; URLs may stay literal. */
function writtenEndpoints(rawText: string, platform: PlatformConfig): ImportSource['written'] {
  const raw = parseDocument(rawText);
  const rawValue = (server: string, key: string): string | undefined => {
    const value = raw.getIn(['platforms', platform.name, server, key]);
    return typeof value === 'string' && WHOLE_REFERENCE.test(value) ? value : undefined;
  };
  // a credential's ${NAME:-default} loses its default: the default may be a secret
  const credential = (server: string, key: string) => {
    const name = rawValue(server, key)?.slice(2).split(/[:}]/)[0] ?? variableName(platform.name, server, key);
    return `\${${name}}`;
  };
  const endpoint = (server: 'geoserver' | 'geonetwork') => ({
    url: rawValue(server, 'url') ?? platform[server].url.replace(/\/+$/, ''),
    user: credential(server, 'user'),
    password: credential(server, 'password'),
  });
  return { geoserver: endpoint('geoserver'), geonetwork: endpoint('geonetwork') };
}

function problemError(problem: { code: string; message: string; location: { file: string; line?: number; col?: number } } | undefined): GeofluxError {
  if (!problem) return new GeofluxError('InvalidYaml', 'geoflux.yaml could not be read');
  return new GeofluxError(problem.code, problem.message, problem.location);
}
