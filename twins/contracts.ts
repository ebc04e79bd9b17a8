// Which upstream contract documents describe each twin, and the one place where known spec defects
// (spec says X, the real server does Y) are allowed, each with its evidence.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpecValidator, type SpecValidator } from './openapi.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The shared contracts folder: ../shared/contracts relative to the project root (on every machine and in CI). */
export const contractsDir = path.resolve(projectRoot, '../shared/contracts');

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));

export interface TwinContract {
  /** Path prefix (from the origin) the spec's paths are relative to. */
  base: string;
  validator: SpecValidator;
}

function geoserverContract(): TwinContract {
  const community = path.join(contractsDir, 'geoserver/rest-openapi-community');
  const swagger2 = path.join(contractsDir, 'geoserver');
  // Community OpenAPI 3 files first (checked against the running server), the hand-written Swagger 2 files
  // as fallback for what they lack (layergroups, XML and SLD bodies, reload, manifests).
  const files = [...yamlFiles(community), ...yamlFiles(swagger2)];
  return {
    base: '/geoserver/rest',
    validator: loadSpecValidator(files, {
      serverBase: '/geoserver/rest',
      // FACTS-geoserver-geonetwork.md A.1 (RestConfiguration.java): the path suffix picks the format.
      formatSuffixes: ['json', 'xml', 'html', 'sld', 'css', 'ysld', 'yaml', 'mbstyle', 'zip'],
      // FACTS A.1: controllers accept application/xml, text/xml, application/json and text/json bodies
      // (one XStream model); the community files document JSON only.
      mediaAliases: { 'application/json': ['text/json', 'application/xml', 'text/xml'] },
      // geoserver/SOURCES.txt: Swagger 2 styles.yaml declares /rest/workspaces/{workspace}/styles/{style} and
      // /rest/layers/{layer}/styles although basePath is already /geoserver/rest.
      rewriteTemplate: (template, file) =>
        path.dirname(file) === swagger2 && template.startsWith('/rest/') ? template.slice('/rest'.length) : template,
    }),
  };
}

function geonetworkContract(): TwinContract {
  return {
    base: '/geonetwork/srv/api',
    validator: loadSpecValidator([path.join(contractsDir, 'geonetwork/spec.yaml')], {
      serverBase: '/geonetwork/srv/api',
      // springdoc writes `type: string` for a raw `@RequestBody String` (e.g. POST /search/records/_search, whose
      // body is an Elasticsearch JSON query, FACTS B and docs/search.md): any well-formed JSON is accepted.
      allowViolation: (violation) => violation === 'request body must be string',
    }),
  };
}

function geonatureContract(): TwinContract {
  return {
    base: '/geonature/api',
    validator: loadSpecValidator([path.join(projectRoot, 'twins/geonature/openapi.yaml')], { serverBase: '/geonature/api' }),
  };
}

const factories: Record<string, () => TwinContract> = {
  '/geoserver': geoserverContract,
  '/geonetwork': geonetworkContract,
  '/geonature': geonatureContract,
};

const loaded = new Map<string, TwinContract | undefined>();

/** The contract of the twin mounted at `mount` (loaded once per process), or undefined for an unknown mount. */
export function contractFor(mount: string): TwinContract | undefined {
  if (!loaded.has(mount)) {
    const factory = factories[mount];
    loaded.set(mount, factory?.());
  }
  return loaded.get(mount);
}
